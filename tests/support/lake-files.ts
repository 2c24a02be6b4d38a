/** Test helpers: generate a small sample into a temporary lake and read its files back. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface LakeLine {
  topic: string;
  partition: number;
  offset: number;
  kafka_timestamp: string;
  ingested_at: string;
  event_time_source: 'payload' | 'kafka';
  payload: string;
  headers: Array<{ key: string; value: string | null; value_base64: string | null }>;
}

export interface LakeFileContent {
  /** path relative to the lake root, `/`-separated */
  path: string;
  bytes: Buffer;
  lines: LakeLine[];
}

export async function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'strata-generator-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? listFiles(join(dir, entry.name)) : Promise.resolve([join(dir, entry.name)]),
    ),
  );
  return nested.flat();
}

/** Every `.jsonl.gz` file under the lake, sorted by path, decompressed and parsed. */
export async function readLake(lakeDir: string): Promise<LakeFileContent[]> {
  const paths = (await listFiles(lakeDir)).filter((path) => path.endsWith('.jsonl.gz')).sort();
  return Promise.all(
    paths.map(async (path) => {
      const bytes = await readFile(path);
      const text = gunzipSync(bytes).toString('utf8');
      const lines = text
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as LakeLine);
      return { path: relative(lakeDir, path).split(sep).join('/'), bytes, lines };
    }),
  );
}
