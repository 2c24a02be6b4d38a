/**
 * `generateBronzeSample`: write a reproducible Bronze sample of the shop's topics into a
 * local lake, laid out as the ingester writes it, plus `_generator/tally.json` with the
 * figures the models must reconcile to.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TOPICS } from './event-types.js';
import { buildEventStream, withModelDefaults } from './events.js';
import { LakeSink } from './lake-sink.js';
import { deriveSeed } from './prng.js';
import { TallyBuilder, type GeneratorTally } from './tally.js';

export type { GeneratorTally } from './tally.js';
export { buildEventStream, DEFAULT_EVENT_MODEL } from './events.js';
export { TOPICS, type ProducedRecord, type Topic } from './event-types.js';
export { partitionForKey } from './partitioner.js';

export interface BronzeSampleOptions {
  /** the lake root; topic folders are replaced */
  lakeDir: string;
  seed: number;
  /** customers to simulate (default 2,000) */
  users?: number;
  /** days in the window (default 7) */
  days?: number;
  /** first day, `YYYY-MM-DD` UTC (default 2026-01-05) */
  startDate?: string;
  /** broken copies per event (default 0.01) */
  malformedShare?: number;
  /** exact re-sends per event (default 0.02) */
  duplicateShare?: number;
  /** events delivered hours late (default 0.02) */
  lateShare?: number;
  /** Kafka partitions per topic (default 3) */
  partitions?: number;
}

/** Where the tally is written, relative to the lake root. */
export const TALLY_PATH = '_generator/tally.json';

/** Generate the sample into `lakeDir` and return (and write) its tally. */
export async function generateBronzeSample(options: BronzeSampleOptions): Promise<GeneratorTally> {
  const model = withModelDefaults(options);
  const partitions = options.partitions ?? 3;
  if (!Number.isInteger(partitions) || partitions < 1)
    throw new Error(`partitions must be a positive integer, got ${partitions}`);

  const records = buildEventStream(model);
  await Promise.all(
    [...TOPICS, '_generator'].map((dir) => rm(join(options.lakeDir, dir), { recursive: true, force: true })),
  );
  // Ingestion time is derived from the seed, never the clock, so reruns write the same bytes.
  const sink = new LakeSink({
    lakeDir: options.lakeDir,
    partitions,
    ingestDelayMs: 5_000 + (deriveSeed(model.seed, 0x1a6e) % 25_000),
  });
  const tally = new TallyBuilder();
  for (const record of records) tally.observe(record, sink.append(record));
  const files = await sink.close();

  const result = tally.finish(
    { seed: model.seed, startDate: model.startDate, days: model.days, partitions },
    files.length,
  );
  const tallyFile = join(options.lakeDir, ...TALLY_PATH.split('/'));
  await mkdir(join(tallyFile, '..'), { recursive: true });
  await writeFile(tallyFile, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}
