/**
 * One partition folder of a topic as the compactor finds it: the ingester's files, the
 * generations (committed or not) and the current one's manifest.
 */
import {
  COMPACTED_FOLDER,
  MANIFEST_FILE,
  generationFolder,
  generationNumber,
  landedFile,
  parseManifest,
  type GenerationManifest,
} from '../../src/compacted-lake/compacted-layout.js';
import type { LakeStore } from './lake-store.js';

/** An ingester file of the partition folder. */
export interface LandedInput {
  name: string;
  partition: number;
  firstOffset: number;
}

export interface PartitionState {
  /** `<topic>/dt=D/hour=H` */
  folder: string;
  topic: string;
  dt: string;
  hour: string;
  landed: LandedInput[];
  /** the highest generation whose manifest is in place */
  current?: GenerationManifest;
  /** every generation folder, committed or not */
  generations: number[];
}

/** Read a partition folder. */
export async function readPartitionState(
  store: LakeStore,
  topic: string,
  dt: string,
  hour: string,
): Promise<PartitionState> {
  const folder = `${topic}/dt=${dt}/hour=${hour}`;
  const { files, folders } = await store.list(folder);
  const landed = files
    .flatMap((name) => {
      const parsed = landedFile(name);
      return parsed ? [{ name, ...parsed }] : [];
    })
    .sort((a, b) => a.partition - b.partition || a.firstOffset - b.firstOffset);
  const state: PartitionState = { folder, topic, dt, hour, landed, generations: [] };
  if (!folders.includes(COMPACTED_FOLDER)) return state;
  const generations = (await store.list(`${folder}/${COMPACTED_FOLDER}`)).folders
    .map((name) => generationNumber(name))
    .filter((generation): generation is number => generation !== undefined)
    .sort((a, b) => b - a);
  state.generations = generations;
  for (const generation of generations) {
    const path = `${generationPath(folder, generation)}/${MANIFEST_FILE}`;
    const { files: inGeneration } = await store.list(generationPath(folder, generation));
    if (!inGeneration.includes(MANIFEST_FILE)) continue;
    state.current = parseManifest((await store.read(path)).toString('utf8'), path);
    break;
  }
  return state;
}

/** `<partition folder>/_compacted/g000002` */
export function generationPath(partitionFolder: string, generation: number): string {
  return `${partitionFolder}/${COMPACTED_FOLDER}/${generationFolder(generation)}`;
}

/** The hour partitions of a topic: every `dt=*\/hour=*` folder. */
export async function topicPartitions(store: LakeStore, topic: string): Promise<Array<{ dt: string; hour: string }>> {
  const found: Array<{ dt: string; hour: string }> = [];
  for (const dtFolder of (await store.list(topic)).folders.filter((name) => /^dt=\d{4}-\d{2}-\d{2}$/.test(name))) {
    for (const hourFolder of (await store.list(`${topic}/${dtFolder}`)).folders) {
      if (/^hour=\d{2}$/.test(hourFolder)) found.push({ dt: dtFolder.slice(3), hour: hourFolder.slice(5) });
    }
  }
  return found.sort((a, b) => a.dt.localeCompare(b.dt) || a.hour.localeCompare(b.hour));
}
