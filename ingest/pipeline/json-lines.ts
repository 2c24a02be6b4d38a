/**
 * The offsets in a file's JSON lines: every Bronze and rejected line carries its record's
 * `offset`. Read only when a flush finds a file already in the lake, so parsing is fine.
 */

/** The `offset` of the last line. */
export function lastLineOffset(jsonLines: Buffer): number {
  const text = jsonLines.toString('utf8').trimEnd();
  if (text === '') throw new Error('the file holds no lines');
  return offsetOf(text.slice(text.lastIndexOf('\n') + 1));
}

/** The lines whose offset is above `offset`, with the first one's offset; undefined when none is. */
export function linesAfter(
  jsonLines: Buffer,
  offset: number,
): { firstOffset: number; lines: Buffer; count: number } | undefined {
  const kept = jsonLines
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '' && offsetOf(line) > offset);
  const first = kept[0];
  if (first === undefined) return undefined;
  return { firstOffset: offsetOf(first), lines: Buffer.from(`${kept.join('\n')}\n`, 'utf8'), count: kept.length };
}

/** How many lines have an offset in `[from, to]`. */
export function countLinesBetween(jsonLines: Buffer, from: number, to: number): number {
  let count = 0;
  for (const line of jsonLines.toString('utf8').split('\n')) {
    if (line === '') continue;
    const offset = offsetOf(line);
    if (offset >= from && offset <= to) count += 1;
  }
  return count;
}

function offsetOf(line: string): number {
  const offset = (JSON.parse(line) as { offset?: unknown }).offset;
  if (typeof offset !== 'number' || !Number.isInteger(offset))
    throw new Error(`a lake line without an offset: ${line.slice(0, 200)}`);
  return offset;
}
