import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startBackgroundCompaction } from '../../../../ingest/compaction/background-compaction.js';
import { compactLake } from '../../../../ingest/compaction/lake-compactor.js';
import { LocalLakeStore } from '../../../../ingest/compaction/local-lake-store.js';
import { JsonLinesCodec } from '../../../../ingest/compaction/record-codec.js';
import { loadIngestConfig } from '../../../../ingest/config/load-ingest-config.js';
import { createLogger } from '../../../../ingest/ops/logger.js';
import { cleanup, landHour, readerFiles, readerIds, tempLake } from './small-file-lake.js';

const made: string[] = [];
afterEach(() => cleanup(made));

describe('background compaction in the ingester', () => {
  it('is off without compaction.interval', () => {
    const dir = tempLake(made);
    writeFileSync(
      join(dir, 'ingest.yml'),
      'brokers: b:9092\ngroup_id: g\ntopics: [{ name: orders, table: t }]\ndestination: { path: lake }\n',
    );
    const config = loadIngestConfig(join(dir, 'ingest.yml'), { projectRoot: dir, env: {} });
    expect(startBackgroundCompaction(config, createLogger('error'))).toBeUndefined();
  });

  it('compacts the lake every interval with the config block settings, while the ingester runs', async () => {
    const dir = tempLake(made);
    const lake = join(dir, 'lake');
    await landHour(lake, '10', [0, 1], 5, 10);
    writeFileSync(
      join(dir, 'ingest.yml'),
      'brokers: b:9092\ngroup_id: g\ntopics: [{ name: orders, table: bronze_orders }]\n' +
        'destination: { path: lake }\ncompaction: { interval: 0.05, retention: 0, lateness: 1h }\n',
    );
    const config = loadIngestConfig(join(dir, 'ingest.yml'), { projectRoot: dir, env: {} });
    const passes: number[] = [];
    const background = startBackgroundCompaction(config, createLogger('error'), async (cfg, options, logger) => {
      passes.push(options.retentionMs);
      // The group's committed offsets come from Kafka in the ingester; this lake has no group.
      return compactLake(cfg.topics, {
        store: new LocalLakeStore(cfg.destination.url),
        codec: new JsonLinesCodec(options.gzipLevel),
        options,
        committed: async () => 'all',
        logger,
      });
    });
    await vi.waitFor(() => expect(readerFiles(lake)).toHaveLength(1), { timeout: 10_000 });
    await background?.stop();
    expect(passes.every((retention) => retention === 0)).toBe(true);
    expect(readerIds(lake)).toHaveLength(100);
  });
});
