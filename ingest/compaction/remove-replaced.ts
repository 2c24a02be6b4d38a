/**
 * The last step of compacting a partition: once the current generation is older than the
 * retention period (statements rendered before it have finished) and the catalog points
 * at it, the files it replaced go: the ingester files it holds, and older or abandoned
 * generations. Readers never read any of them any more, so removing them in any order,
 * or only some of them before a crash, changes nothing they see.
 */
import { landedFileIsLive } from '../../src/compacted-lake/compacted-layout.js';
import type { LakeStore } from './lake-store.js';
import { generationPath, type PartitionState } from './partition-state.js';

export interface RemovalIo {
  store: LakeStore;
  retentionMs: number;
  now: () => number;
  /** after each removal, for logs */
  onRemove?: (path: string) => void;
}

/** Remove what the current generation of `state` replaced, when its time has come; returns the paths. */
export async function removeReplaced(state: PartitionState, io: RemovalIo): Promise<string[]> {
  const current = state.current;
  if (!current || io.now() - Date.parse(current.createdAt) < io.retentionMs) return [];
  const removed: string[] = [];
  for (const file of state.landed) {
    if (landedFileIsLive(file.name, current)) continue;
    const path = `${state.folder}/${file.name}`;
    await io.store.remove([path]);
    io.onRemove?.(path);
    removed.push(path);
  }
  for (const generation of state.generations.filter((number) => number < current.generation)) {
    const folder = generationPath(state.folder, generation);
    await io.store.removeFolder(folder);
    io.onRemove?.(`${folder}/`);
    removed.push(`${folder}/`);
  }
  return removed;
}
