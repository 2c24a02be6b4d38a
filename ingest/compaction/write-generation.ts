/**
 * Step 1 of compacting a partition: the next generation. Its inputs are the current
 * generation's files and the ingester files it does not hold whose records the consumer
 * group has committed (a replayed flush starts at the committed offset, so it never lands
 * below it again). Its files go into a new folder, numbered above every folder there, even
 * one an interrupted run left; the manifest is written last and is the commit: until it is
 * in place no reader knows the folder.
 */
import { MANIFEST_FILE, landedFileIsLive, type GenerationManifest } from '../../src/compacted-lake/compacted-layout.js';
import type { LakeStore } from './lake-store.js';
import { cutIntoFiles, mergeRecordLines, type RecordLine } from './merged-records.js';
import { generationPath, type LandedInput, type PartitionState } from './partition-state.js';
import type { RecordCodec } from './record-codec.js';

/** Per Kafka partition, the group's committed offset; `all` when no group writes the lake. */
export type Committed = Map<number, number> | 'all';

/** The ingester files the next generation takes in, or undefined when there is nothing to merge. */
export function generationInputs(state: PartitionState, committed: Committed): LandedInput[] | undefined {
  const inputs = state.landed.filter(
    (file) =>
      landedFileIsLive(file.name, state.current) &&
      (committed === 'all' || file.firstOffset < (committed.get(file.partition) ?? 0)),
  );
  if (inputs.length === 0 || (!state.current && inputs.length < 2)) return undefined;
  return inputs;
}

export interface GenerationWriteIo {
  store: LakeStore;
  codec: RecordCodec;
  targetFileBytes: number;
  now: () => number;
  /** after each file is in place, for logs */
  onFile?: (path: string) => void;
}

/** Write and commit the next generation of a partition from `inputs`; returns its manifest. */
export async function writeGeneration(
  state: PartitionState,
  inputs: LandedInput[],
  io: GenerationWriteIo,
): Promise<GenerationManifest> {
  const { store, codec } = io;
  const sources: string[] = [];
  if (state.current) {
    const folder = generationPath(state.folder, state.current.generation);
    sources.push(...state.current.files.map((file) => `${folder}/${file.name}`));
  }
  sources.push(...inputs.map((file) => `${state.folder}/${file.name}`));
  let rawBytes = 0;
  let storedBytes = 0;
  const read: RecordLine[][] = [];
  for (const path of sources) {
    const body = await store.read(path);
    const lines = await codec.read(path, body);
    storedBytes += body.length;
    rawBytes += lines.reduce((sum, line) => sum + line.line.length + 1, 0);
    read.push(lines);
  }
  const { lines, bounds } = mergeRecordLines(read);
  const generation = Math.max(0, ...state.generations) + 1;
  const folder = generationPath(state.folder, generation);
  const files: GenerationManifest['files'] = [];
  const parts = cutIntoFiles(lines, io.targetFileBytes, rawBytes > 0 ? storedBytes / rawBytes : 1);
  for (const [index, part] of parts.entries()) {
    const name = `part-${String(index).padStart(5, '0')}.${codec.extension}`;
    const body = await codec.encode(part);
    await createNew(store, `${folder}/${name}`, body);
    io.onFile?.(`${folder}/${name}`);
    files.push({ name, records: part.length, bytes: body.length });
  }
  const manifest: GenerationManifest = {
    generation,
    createdAt: new Date(io.now()).toISOString(),
    format: codec.extension === 'parquet' ? 'parquet' : 'jsonl.gz',
    files,
    bounds,
    inputs: sources.map((path) => path.slice(state.folder.length + 1)),
  };
  await createNew(store, `${folder}/${MANIFEST_FILE}`, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  return manifest;
}

async function createNew(store: LakeStore, path: string, body: Buffer): Promise<void> {
  if ((await store.create(path, body)) === 'exists') {
    throw new Error(`${path} is already in the lake; another compactor is working on this partition`);
  }
}
