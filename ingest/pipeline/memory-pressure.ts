/**
 * Which partitions to pause and flush when buffered bytes pass the limit: the fullest
 * first, until what stays buffered is at most half the limit (so the next batches do not
 * trip it again at once).
 */

export interface BufferedPartition {
  memory: number;
}

export function partitionsToFlush<T extends BufferedPartition>(partitions: readonly T[], limit: number): T[] {
  let remaining = partitions.reduce((sum, partition) => sum + partition.memory, 0);
  if (remaining <= limit) return [];
  const chosen: T[] = [];
  for (const partition of [...partitions].filter((p) => p.memory > 0).sort((a, b) => b.memory - a.memory)) {
    if (remaining <= limit / 2) break;
    chosen.push(partition);
    remaining -= partition.memory;
  }
  return chosen;
}
