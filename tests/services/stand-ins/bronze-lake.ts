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
      const partition = { dt: dtDir.slice('dt='.length), hour: hourDir.slice('hour='.length) };
      for (const file of readdirSync(join(topicDir, dtDir, hourDir)).filter((name) => name.endsWith('.jsonl.gz'))) {
        const text = gunzipSync(readFileSync(join(topicDir, dtDir, hourDir, file))).toString('utf8');
        for (const line of text.split('\n').filter((l) => l.length > 0)) {
          const envelope: Record<string, unknown> = { ...(JSON.parse(line) as Record<string, unknown>), ...partition };
          // Nested values (the headers list) as JSON text, as a VARCHAR column would hold them.
          rows.push(columns.map((column) => nestedAsJson(envelope[column])));
        }
      }
    }
  }
  return rows;
}

function nestedAsJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return typeof value === 'object' ? JSON.stringify(value) : value;
}
