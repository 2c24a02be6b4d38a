/**
 * The files a reader of a compacted lake table reads, resolved when the SQL is rendered:
 * per partition, the current generation's files and the ingester files it does not hold
 * (see compacted-layout.ts). Readers that glob `dt=*\/hour=*\/*` would see a partition's
 * old files and its new generation together for as long as both exist; this list never
 * does. Files a generation replaced stay in place for the compactor's retention period, so
 * a statement rendered before a compaction still finds every file it names.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  COMPACTED_FOLDER,
  MANIFEST_FILE,
  TABLE_MARKER,
  generationNumber,
  landedFileIsLive,
  parseManifest,
  type GenerationManifest,
} from './compacted-layout.js';

/**
 * Every file to read below `location` (a table folder with `levels` hive partition levels)
 * when the table has compacted partitions, or undefined when it has none, so its readers
 * keep their glob. `isDataFile` tells the table's files from others by name.
 */
export function compactedTableFiles(
  location: string,
  levels: number,
  isDataFile: (name: string) => boolean,
): string[] | undefined {
  if (levels === 0 || !existsSync(join(location, TABLE_MARKER))) return undefined;
  const files: string[] = [];
  for (const folder of partitionFolders(location, levels)) files.push(...partitionFiles(folder, isDataFile));
  return files.sort();
}

/** The files readers read in one partition folder. */
export function partitionFiles(folder: string, isDataFile: (name: string) => boolean): string[] {
  const current = currentGeneration(folder);
  const files = current
    ? current.manifest.files.map((file) => join(folder, COMPACTED_FOLDER, current.folder, file.name))
    : [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith('.') || !isDataFile(entry.name)) continue;
    if (landedFileIsLive(entry.name, current?.manifest)) files.push(join(folder, entry.name));
  }
  return files;
}

/** The highest generation of a partition folder whose manifest is in place. */
export function currentGeneration(folder: string): { folder: string; manifest: GenerationManifest } | undefined {
  const compacted = join(folder, COMPACTED_FOLDER);
  if (!existsSync(compacted)) return undefined;
  const generations = readdirSync(compacted)
    .filter((name) => generationNumber(name) !== undefined)
    .sort((a, b) => (generationNumber(b) as number) - (generationNumber(a) as number));
  for (const name of generations) {
    const manifestPath = join(compacted, name, MANIFEST_FILE);
    if (existsSync(manifestPath)) {
      return { folder: name, manifest: parseManifest(readFileSync(manifestPath, 'utf8'), manifestPath) };
    }
  }
  return undefined;
}

/** Tells a table's data files by name, as the DuckDB readers' globs do (`*.jsonl*`, `*.parquet`, `*.csv*`). */
export function lakeFileMatcher(format: 'jsonl' | 'parquet' | 'csv'): (name: string) => boolean {
  const pattern = format === 'parquet' ? /\.parquet$/ : format === 'csv' ? /\.csv/ : /\.jsonl/;
  return (name) => pattern.test(name);
}

function partitionFolders(location: string, levels: number): string[] {
  let folders = [location];
  for (let level = 0; level < levels; level += 1) {
    folders = folders.flatMap((folder) =>
      readdirSync(folder, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && entry.name.includes('=') && !/^[_.]/.test(entry.name))
        .map((entry) => join(folder, entry.name)),
    );
  }
  return folders;
}
