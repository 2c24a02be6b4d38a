/** Events with unique ids, and the count of each id found in the lake. */
import { readLake, type OutgoingMessage } from '../../support/ingest-harness.js';

const START_MS = Date.parse('2026-01-05T08:00:00.000Z');

/** Event `index` of `total`, its event time spread over three hours so files rotate by hour too. */
export function idEvent(index: number, total: number): OutgoingMessage {
  const at = START_MS + Math.floor((index / total) * 3 * 3_600_000);
  return {
    key: `u_${index % 997}`,
    value: JSON.stringify({
      id: index,
      event_type: 'page_view',
      event_time: new Date(at).toISOString(),
      user_id: `u_${index % 997}`,
      page_path: `/p/${index % 131}`,
    }),
  };
}

/** How many times each id appears in the lake's Bronze files, and the totals. */
export function countIds(lake: string): { counts: Uint32Array; lines: number; files: number; leftovers: number } {
  const { files, other } = readLake(lake);
  // Temporary files of interrupted writes, all under the lake's .strata-tmp/<host>/.
  const unexpected = other.filter((path) => !/^\.strata-tmp\/[^/]+\/\d+-[0-9a-f]+\.tmp$/.test(path));
  if (unexpected.length > 0) throw new Error(`unexpected files in the lake: ${unexpected.join(', ')}`);
  let lines = 0;
  let size = 0;
  const ids: number[] = [];
  for (const file of files) {
    if (file.path.startsWith('rejected/')) throw new Error(`unexpected rejected file ${file.path}`);
    for (const line of file.lines) {
      const id = (JSON.parse(line.payload as string) as { id: number }).id;
      ids.push(id);
      size = Math.max(size, id + 1);
      lines += 1;
    }
  }
  const counts = new Uint32Array(size);
  for (const id of ids) counts[id] = (counts[id] ?? 0) + 1;
  return { counts, lines, files: files.length, leftovers: other.length };
}
