/**
 * Replaying a flush an earlier run recorded in the lease (its plan, `(checkpoint, pendingEnd]`):
 * where to read it from, and whether one of its files is already in the lake under another
 * name than the replay gives it (CONTEXT.md, "Exactly once: planned flushes").
 */
import type { Checkpoint, Lease } from './lease-table.js';
import type { ShardPosition } from './shard-api.js';

/**
 * Where to read a shard from: after its checkpoint. A shard without one that started at its
 * tip (`LATEST`) and has a recorded flush starts at the flush's first record instead: the
 * tip has moved past the records the flush must land again.
 */
export function readPosition(lease: Lease): ShardPosition {
  const { checkpoint, pendingEnd, pendingStart } = lease;
  if (typeof checkpoint === 'object') return { after: checkpoint.sequenceNumber };
  if (checkpoint === 'SHARD_END') throw new Error('a shard read to its end has nothing more to read');
  if (checkpoint === 'LATEST' && pendingEnd !== undefined && pendingStart !== undefined) return { at: pendingStart };
  return checkpoint;
}

/**
 * True when the folder of `path` (`<folder>/<stream>+<shard number>+<first sequence>.<ext>`)
 * holds another file of the shard named in the plan's range `(after, end]`. Plans cover
 * disjoint ranges, so that file is the plan's own for the bucket, landed by an earlier run
 * under the name of a record that has since expired; it holds every record of the bucket.
 */
export async function planFileLandedElsewhere(
  path: string,
  plan: { after: Checkpoint; end: string },
  listFiles: (folder: string) => Promise<string[]>,
): Promise<boolean> {
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  const prefix = name.slice(0, name.lastIndexOf('+') + 1);
  const low = typeof plan.after === 'object' ? BigInt(plan.after.sequenceNumber) : -1n;
  const end = BigInt(plan.end);
  return (await listFiles(path.slice(0, slash))).some((found) => {
    const sequence = found.startsWith(prefix) ? /^(\d+)\./.exec(found.slice(prefix.length))?.[1] : undefined;
    return found !== name && sequence !== undefined && BigInt(sequence) > low && BigInt(sequence) <= end;
  });
}
