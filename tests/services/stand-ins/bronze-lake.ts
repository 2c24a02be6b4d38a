import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * Every envelope under a topic folder of the lake (`dt=/hour=/*.jsonl.gz`), with its dt
 * and hour, as values of `columns` in order (null where an envelope lacks one, lists and
 * objects as JSON text). The
 * warehouse stand-ins load these rows where a real warehouse would read the lake itself.
 */
export function readBronzeRows(topicDir: string, columns: readonly string[]): unknown[][] {
  const rows: unknown[][] = [];
  for (const dtDir of readdirSync(topicDir).filter((name) => name.startsWith('dt='))) {
    for (const hourDir of readdirSync(join(topicDir, dtDir)).filter((name) => name.startsWith('hour='))) {
      for (const file of readdirSync(join(topicDir, dtDir, hourDir)).filter((name) => name.endsWith('.jsonl.gz')))
        rows.push(...readBronzeFileRows(join(topicDir, dtDir, hourDir, file), columns));
    }
  }
  return rows;
}

/** The envelopes of one lake file (`.../dt=<dt>/hour=<hour>/<name>.jsonl.gz`), as {@link readBronzeRows} gives them. */
export function readBronzeFileRows(file: string, columns: readonly string[]): unknown[][] {
  const match = /dt=([^/]+)\/hour=([^/]+)\/[^/]+$/.exec(file);
  const partition = { dt: match?.[1], hour: match?.[2] };
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const envelope: Record<string, unknown> = { ...(JSON.parse(line) as Record<string, unknown>), ...partition };
      // Nested values (the headers list) as JSON text, as a VARCHAR column would hold them.
      return columns.map((column) => nestedAsJson(envelope[column]));
    });
}

function nestedAsJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return typeof value === 'object' ? JSON.stringify(value) : value;
}
