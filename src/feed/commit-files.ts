/**
 * The lake files that hold the Bronze records of a set of commits, today. A commit lists the
 * files the ingester landed; `strata lake compact` may since have merged them into a
 * generation of its hour folder and, after its retention period, removed them. Readers of a
 * compacted folder follow one rule (src/compacted-lake/compacted-layout.ts): an ingester file
 * below its Kafka partition's bound is read through the current generation, never directly.
 * A commit's records are then read from the generation's files, filtered to the commits'
 * offset ranges (the generation also holds records of other commits). CONTEXT.md "Compacted
 * lakes" says why this reads every record of the commits once, before, during and after a
 * compaction.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { COMPACTED_FOLDER, landedFileIsLive, type GenerationManifest } from '../compacted-lake/compacted-layout.js';
import { currentGeneration } from '../compacted-lake/compacted-table-files.js';
import type { CommitRecord } from './commit-record.js';

/** The records of one Kafka partition at offsets `[start, end)`. */
export interface OffsetRange {
  partition: number;
  start: number;
  end: number;
}

/** What to read for the commits of one topic. */
export interface CommitFiles {
  /** absolute paths: listed files still read directly, and generation files holding the others */
  files: string[];
  /**
   * When a generation file is among `files`: the commits' offset ranges, per partition merged
   * where they chain, to which the read must be filtered. Undefined: read `files` whole.
   */
  ranges?: OffsetRange[];
}

/** A file a commit lists is gone and no compacted generation holds its records. */
export class CommitFileMissingError extends Error {
  constructor(
    readonly commitId: string,
    readonly path: string,
  ) {
    super(
      `${path}, listed by commit ${commitId} of the commit feed, is not in the lake and no compacted ` +
        `generation of its folder holds its records; the lake was changed outside the ingester and ` +
        '`strata lake compact`: restore the file, or rebuild the model from a lake whose feed matches its files',
    );
    this.name = 'CommitFileMissingError';
  }
}

/** The files holding the Bronze records of `commits` (of one topic) in the local lake at `root`. */
export function resolveCommitFiles(root: string, commits: readonly CommitRecord[]): CommitFiles {
  const folders = new FolderGenerations();
  const files = new Set<string>();
  let compacted = false;
  for (const commit of commits) {
    for (const listed of commit.files) {
      if (listed.rejected) continue;
      const path = join(root, ...listed.path.split('/'));
      let holding = folders.holding(path);
      // Gone, yet no generation held it when the folder was first looked at: one committed since
      // (and, with a short retention, removed the file in between). Look again before failing.
      if (!holding && !existsSync(path)) holding = folders.holding(path, true);
      if (holding) {
        compacted = true;
        for (const file of holding) files.add(file);
      } else if (existsSync(path)) {
        files.add(path);
      } else {
        throw new CommitFileMissingError(commit.id, path);
      }
    }
  }
  return compacted ? { files: [...files], ranges: offsetRanges(commits) } : { files: [...files] };
}

/** The current generation of each folder, read once per resolution. */
class FolderGenerations {
  private readonly folders = new Map<string, { manifest: GenerationManifest; files: string[] } | undefined>();

  /** The files of the current generation of `path`'s folder when it holds the file's records. */
  holding(path: string, reread = false): string[] | undefined {
    const folder = dirname(path);
    if (reread || !this.folders.has(folder)) {
      const current = currentGeneration(folder);
      this.folders.set(
        folder,
        current && {
          manifest: current.manifest,
          files: current.manifest.files.map((file) => join(folder, COMPACTED_FOLDER, current.folder, file.name)),
        },
      );
    }
    const generation = this.folders.get(folder);
    if (!generation || landedFileIsLive(basename(path), generation.manifest)) return undefined;
    return generation.files;
  }
}

/** Per partition, the commits' ranges, chained ones merged (a partition's commits chain). */
export function offsetRanges(commits: readonly CommitRecord[]): OffsetRange[] {
  const sorted = [...commits].sort((a, b) => a.partition - b.partition || a.start_offset - b.start_offset);
  const ranges: OffsetRange[] = [];
  for (const commit of sorted) {
    const last = ranges.at(-1);
    if (last && last.partition === commit.partition && last.end === commit.start_offset) {
      last.end = commit.end_offset;
    } else {
      ranges.push({ partition: commit.partition, start: commit.start_offset, end: commit.end_offset });
    }
  }
  return ranges;
}
