/**
 * `strata lake compact`: for every topic, every closed hour whose ingester files can be
 * merged gets a new generation (write-generation.ts), the catalog partition is pointed at
 * it, and what it replaced is removed once the retention period has passed
 * (remove-replaced.ts). Each step can be interrupted at any point; the next run picks the
 * partition up where it stands (CONTEXT.md).
 */
import { TABLE_MARKER, landedFileIsLive } from '../../src/compacted-lake/compacted-layout.js';
import type { Logger } from '../ops/logger.js';
import { isClosedHour, type CompactionOptions } from './compaction-options.js';
import type { LakeStore } from './lake-store.js';
import type { PartitionCatalog } from './partition-catalog.js';
import { generationPath, readPartitionState, topicPartitions, type PartitionState } from './partition-state.js';
import type { RecordCodec } from './record-codec.js';
import { removeReplaced } from './remove-replaced.js';
import { generationInputs, writeGeneration, type Committed } from './write-generation.js';

export interface CompactedTopic {
  name: string;
  /** the catalog table the topic feeds */
  table: string;
}

export interface LakeCompactorIo {
  store: LakeStore;
  codec: RecordCodec;
  options: CompactionOptions;
  /** the consumer group's committed offsets of a topic */
  committed: (topic: string) => Promise<Committed>;
  catalog?: PartitionCatalog;
  logger: Logger;
  now?: () => number;
}

/** What one run did, for the log and the command's summary. */
export interface CompactionSummary {
  /** closed hours looked at */
  partitions: number;
  /** generations committed */
  generations: number;
  /** files readers read in the closed hours, before and after the run */
  filesBefore: number;
  filesAfter: number;
  /** files and folders removed */
  removed: number;
}

/** Compact every closed hour of `topics`. */
export async function compactLake(topics: CompactedTopic[], io: LakeCompactorIo): Promise<CompactionSummary> {
  const now = io.now ?? Date.now;
  const summary: CompactionSummary = { partitions: 0, generations: 0, filesBefore: 0, filesAfter: 0, removed: 0 };
  for (const topic of topics) {
    const committed = await io.committed(topic.name);
    let marked = false;
    for (const { dt, hour } of await topicPartitions(io.store, topic.name)) {
      if (!isClosedHour(dt, hour, io.options.latenessMs, now())) continue;
      summary.partitions += 1;
      let state = await readPartitionState(io.store, topic.name, dt, hour);
      summary.filesBefore += readerFileCount(state);
      const log = io.logger.child({ partition: state.folder });
      const inputs = generationInputs(state, committed);
      if (inputs) {
        if (!marked) {
          // Readers resolve generations only in a marked table: mark it before the first commit.
          await io.store.create(`${topic.name}/${TABLE_MARKER}`, Buffer.from('{"layout": 1}\n'));
          marked = true;
        }
        const manifest = await writeGeneration(state, inputs, {
          store: io.store,
          codec: io.codec,
          targetFileBytes: io.options.targetFileBytes,
          now,
          onFile: (path) => log.debug('generation file written', { path }),
        });
        log.info('generation committed', {
          generation: manifest.generation,
          inputs: manifest.inputs.length,
          files: manifest.files.length,
          records: manifest.files.reduce((sum, file) => sum + file.records, 0),
        });
        summary.generations += 1;
        state = await readPartitionState(io.store, topic.name, dt, hour);
      }
      if (state.current && io.catalog) await pointCatalog(state, topic.table, io, log);
      const removed = await removeReplaced(state, {
        store: io.store,
        retentionMs: io.options.retentionMs,
        now,
        onRemove: (path) => log.debug('replaced file removed', { path }),
      });
      if (removed.length > 0) {
        log.info('replaced files removed', { count: removed.length });
        summary.removed += removed.length;
      }
      summary.filesAfter += readerFileCount(state);
    }
  }
  return summary;
}

/**
 * Point the catalog partition at the current generation, unless it already is (and has the
 * columns it would get: a typed table widened after an earlier run is followed).
 */
async function pointCatalog(state: PartitionState, table: string, io: LakeCompactorIo, log: Logger): Promise<void> {
  const current = state.current;
  if (!current || !io.catalog) return;
  const location = io.store.locationOf(generationPath(state.folder, current.generation));
  if (await io.catalog.pointsAt(table, state.dt, state.hour, location)) return;
  await io.catalog.pointAt(table, state.dt, state.hour, location);
  log.info('catalog partition points at generation', { generation: current.generation, location });
}

/** The files readers read in a partition. */
function readerFileCount(state: PartitionState): number {
  const live = state.landed.filter((file) => landedFileIsLive(file.name, state.current)).length;
  return live + (state.current?.files.length ?? 0);
}
