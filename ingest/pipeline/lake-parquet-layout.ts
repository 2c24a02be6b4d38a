/**
 * A topic whose typed Parquet layout is only the default (its config names no
 * `parquet_layout`) keeps writing the layout its lake folder already has: a lake landed
 * by an earlier version, with the payload as a string, must not gain typed files mid-way
 * (readers, the Glue table and `strata lake compact` expect one layout per table). The
 * newest hour holding Parquet files decides: the newest file of each Kafka partition
 * there (or the current compacted generation's files) is read from its footer alone
 * (formats/parquet-footer.ts). The ingester logs once what it kept and how to change it.
 */
import {
  COMPACTED_FOLDER,
  MANIFEST_FILE,
  generationNumber,
  landedFile,
} from '../../src/compacted-lake/compacted-layout.js';
import type { IngestConfig, ParquetLayout, TopicConfig } from '../config/ingest-config.js';
import { typedColumnsProblem } from '../config/parquet-layout-config.js';
import type { LakeStore } from '../compaction/lake-store.js';
import { parquetFooterLength, parquetTopLevelColumns } from '../formats/parquet-footer.js';
import type { Logger } from '../ops/logger.js';
import { METADATA_COLUMNS } from './typed-bronze-select.js';

/** What the probe needs of a lake: its folders, and the last bytes of a file. */
export type LakeTails = Pick<LakeStore, 'list'> & { readTail(path: string, bytes: number): Promise<Buffer> };

/** The columns of a file with the payload as a string. */
const PAYLOAD_LAYOUT = new Set<string>([...METADATA_COLUMNS, 'payload']);

/** A Parquet footer fits in this many bytes unless the file has thousands of columns or row groups. */
const TAIL_BYTES = 64 * 1024;

/** The layout of a Parquet file found in the lake, and the file that showed it. */
export interface FoundLayout {
  layout: ParquetLayout;
  file: string;
}

/**
 * Settle the Parquet layout of every topic of a `format: parquet` config against its
 * lake folder: a default `typed` becomes `payload` when the folder's newest Parquet files
 * keep the payload as a string. Changes `config.topics` in place; logs each decision
 * that keeps or mixes layouts.
 */
export async function settleParquetLayouts(config: IngestConfig, lake: LakeTails, logger: Logger): Promise<void> {
  if (config.format !== 'parquet') return;
  for (const topic of config.topics) {
    if (topic.parquetLayoutOrigin === 'default' && topic.parquetLayout === 'payload') {
      // A JSON Schema the typed layout cannot hold: say why its columns are not typed.
      const reason = topic.schemaFile ? typedColumnsProblem(topic) : undefined;
      if (reason) logger.warn('topic keeps the payload Parquet layout', { topic: topic.name, reason });
      continue;
    }
    if (topic.parquetLayout !== 'typed') continue;
    if (topic.parquetLayoutOrigin === 'default') {
      const found = await lakeParquetLayout(lake, topic.name);
      if (found?.layout !== 'payload') continue;
      topic.parquetLayout = 'payload';
      logger.warn('kept the Parquet layout the lake already has', keptFields(config, topic, found));
      continue;
    }
    // Named in the config: the user's choice stands; a lake that cannot be read only loses the warning.
    const found = await lakeParquetLayout(lake, topic.name).catch((error: unknown) => {
      logger.warn('could not check the Parquet layout the lake already has', { topic: topic.name, error });
      return undefined;
    });
    if (found?.layout === 'payload') {
      logger.warn('the lake holds Parquet files of the payload layout; new files are typed', {
        topic: topic.name,
        file: found.file,
        config: config.file,
        hint:
          'Hours holding both layouts are not compacted, and readers of the payload column miss the new files: ' +
          'move the old files to another folder, or set parquet_layout: payload.',
      });
    }
  }
}

function keptFields(config: IngestConfig, topic: TopicConfig, found: FoundLayout): Record<string, unknown> {
  return {
    topic: topic.name,
    layout: 'payload',
    file: found.file,
    config: config.file,
    hint:
      `The default for a topic with a schema is typed columns. Set parquet_layout: payload in ${config.file} ` +
      '(top level or on the topic) to keep this layout and silence this message, or parquet_layout: typed ' +
      `once the files under ${topic.name}/ are moved away (a table holds one layout).`,
  };
}

/** The layout of `topic`'s newest Bronze Parquet files, or undefined when its folder has none. */
export async function lakeParquetLayout(lake: LakeTails, topic: string): Promise<FoundLayout | undefined> {
  const days = (await lake.list(topic)).folders.filter((name) => /^dt=\d{4}-\d{2}-\d{2}$/.test(name));
  for (const day of days.sort().reverse()) {
    const hours = (await lake.list(`${topic}/${day}`)).folders.filter((name) => /^hour=\d{2}$/.test(name));
    for (const hour of hours.sort().reverse()) {
      const files = await newestParquetFiles(lake, `${topic}/${day}/${hour}`);
      if (files.length === 0) continue;
      let typed: FoundLayout | undefined;
      for (const file of files) {
        const layout = await fileLayout(lake, file);
        if (layout === 'payload') return { layout, file };
        typed ??= { layout, file };
      }
      return typed;
    }
  }
  return undefined;
}

/** The newest ingester file of each Kafka partition in an hour folder, else the current generation's files. */
async function newestParquetFiles(lake: LakeTails, folder: string): Promise<string[]> {
  const { files, folders } = await lake.list(folder);
  const newest = new Map<number, { name: string; firstOffset: number }>();
  for (const name of files) {
    const landed = name.endsWith('.parquet') ? landedFile(name) : undefined;
    if (!landed) continue;
    const known = newest.get(landed.partition);
    if (!known || known.firstOffset < landed.firstOffset) newest.set(landed.partition, { name, ...landed });
  }
  if (newest.size > 0) return [...newest.values()].map((file) => `${folder}/${file.name}`);
  if (!folders.includes(COMPACTED_FOLDER)) return [];
  const generations = (await lake.list(`${folder}/${COMPACTED_FOLDER}`)).folders
    .filter((name) => generationNumber(name) !== undefined)
    .sort()
    .reverse();
  for (const generation of generations) {
    const path = `${folder}/${COMPACTED_FOLDER}/${generation}`;
    const inside = (await lake.list(path)).files;
    if (!inside.includes(MANIFEST_FILE)) continue;
    const part = inside.find((name) => name.endsWith('.parquet'));
    return part ? [`${path}/${part}`] : [];
  }
  return [];
}

/**
 * `payload` when the file's columns are the envelope with `payload` (older files lack
 * `headers`), else `typed` (a typed schema may have a field named `payload`, never only
 * envelope names beside it): read from its footer.
 */
async function fileLayout(lake: LakeTails, file: string): Promise<ParquetLayout> {
  try {
    let tail = await lake.readTail(file, TAIL_BYTES);
    const needed = parquetFooterLength(tail);
    if (tail.length < needed) tail = await lake.readTail(file, needed);
    const columns = parquetTopLevelColumns(tail);
    const envelope = columns.includes('payload') && columns.every((name) => PAYLOAD_LAYOUT.has(name));
    return envelope ? 'payload' : 'typed';
  } catch (error) {
    throw new Error(`reading the Parquet footer of ${file}: ${(error as Error).message}`, { cause: error });
  }
}
