/**
 * `strata ingest` with `format: parquet` and a topic whose typed layout is only the
 * default reads its lake folder before it consumes: a Parquet file there it cannot read
 * stops the start with one error naming the config file and the fix, before Kafka is
 * contacted (no broker runs here), and nothing is written.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { strata } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

it('refuses to start when the layout a lake folder already has cannot be read', async () => {
  const dir = tempDir('strata-layout-start-');
  writeFileSync(
    join(dir, 'events.schema.json'),
    JSON.stringify({ type: 'object', properties: { id: { type: 'integer' } } }),
  );
  writeFileSync(
    join(dir, 'ingest.yml'),
    [
      'brokers: 127.0.0.1:1',
      'group_id: layout-start',
      'topics:',
      '  - { name: events, schema: events.schema.json }',
      'destination: { path: lake }',
      'format: parquet',
      'http: false',
      '',
    ].join('\n'),
  );
  const hour = join(dir, 'lake/events/dt=2026-01-05/hour=09');
  mkdirSync(hour, { recursive: true });
  writeFileSync(join(hour, 'events+0+0.parquet'), 'not a parquet file');

  const result = await strata(['ingest', '--config', 'ingest.yml'], { cwd: dir });
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/ingest\.yml/);
  expect(result.stderr).toMatch(
    /Could not read the lake at .*lake to learn the Parquet layout its topics already have/,
  );
  expect(result.stderr).toMatch(/events\/dt=2026-01-05\/hour=09\/events\+0\+0\.parquet: not a Parquet file/);
  expect(result.stderr).toMatch(/set parquet_layout \(payload or typed\) in the config/);
  expect(result.stderr).not.toMatch(/Internal error|\n\s+at /);
  expect(readdirSync(hour)).toEqual(['events+0+0.parquet']);
});
