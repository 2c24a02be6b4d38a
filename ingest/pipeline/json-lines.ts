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
export function linesAfter(jsonLines: Buffer, offset: number): { firstOffset: number; lines: Buffer } | undefined {
  const kept = jsonLines
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '' && offsetOf(line) > offset);
  const first = kept[0];
  if (first === undefined) return undefined;
  return { firstOffset: offsetOf(first), lines: Buffer.from(`${kept.join('\n')}\n`, 'utf8') };
}

function offsetOf(line: string): number {
  const offset = (JSON.parse(line) as { offset?: unknown }).offset;
  if (typeof offset !== 'number' || !Number.isInteger(offset))
    throw new Error(`a lake line without an offset: ${line.slice(0, 200)}`);
  return offset;
}
