/**
 * `npm run example:live` on the real broker: the generator, the ingester and the watcher
 * run together on the example project for a bounded stream; `strata show` works while they
 * run; and once the stream stopped and the watcher settled, the gold tables equal a full
 * rebuild of every model from the same Bronze files, row for row.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deleteTopics, liveTopics } from '../../../ingest/live/live-reset.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { kafkaBroker } from '../../services/kafka/kafka-service.js';
import { strata, type CliResult } from '../../support/cli.js';
import { waitUntil } from '../../support/ingest-harness.js';
import { tempDir } from '../../support/temp-dir.js';

const REPO = resolve(import.meta.dirname, '../../..');
const LIVE_CLI = join(REPO, 'dist/ingest/live/cli.js');
const EVENTS = 10_000;
const GOLD = ['orders_daily_summary', 'hourly_trends', 'funnel_breakdown'];

describeWithService('kafka', 'the live example (generator, ingester, watcher) on the real broker', (service) => {
  const broker = kafkaBroker(service);
  const dir = tempDir('strata-live-example-');
  const prefix = `live-${randomUUID().slice(0, 8)}-`;
  let earlier: CliResult;
  let live: CliResult;
  let shownDuringRun: CliResult | undefined;

  beforeAll(async () => {
    for (const entry of ['project.yml', 'profiles.yml', 'models', 'seeds', 'macros', 'data-tests', 'ingest'])
      cpSync(join(REPO, entry), join(dir, entry), { recursive: true });
    // the topics of this run are named apart from others on the shared broker; so are their lake folders
    const sources = join(dir, 'models/staging/_sources.yml');
    writeFileSync(
      sources,
      readFileSync(sources, 'utf8').replace(/location: lake\/(\w+),/g, `location: lake/${prefix}$1,`),
    );
    const flags = (count: number) => [
      ...['--brokers', broker, '--topic-prefix', prefix, '--count', String(count), '--rate', '1000'],
      ...['--ingest-port', '0', '--metrics-port', '0', '--quiet'],
    ];
    // a run before: its commit-fed base tables keep cursors past the offsets the next run starts at
    earlier = await runLive(flags(2_000), dir, async () => {});
    live = await runLive(flags(EVENTS), dir, async () => {
      // once the watcher's first run has built the models the preview reads
      await waitUntil(
        async () => readFileIfAny(join(dir, 'target/live/watch.log')).includes('Waiting for commits...'),
        120_000,
        "the watcher's first run",
      );
      shownDuringRun = await strata(['show', '-s', 'hourly_trends', '--limit', '1000'], { cwd: dir });
    });
  }, 300_000);

  afterAll(() => deleteTopics([broker], liveTopics(prefix)));

  it('runs the stream to its end and stops all three processes cleanly', () => {
    expect(live.stderr).toBe('');
    expect(live.code).toBe(0);
    expect(live.stdout).toContain(`Done: ${EVENTS} events are in the gold tables.`);
  });

  it('starts over after an earlier run, and feeds the Bronze base tables from the commits', () => {
    expect(earlier.code, earlier.stdout).toBe(0);
    expect(live.stdout).toContain('Resetting topics');
    const watched = readFileIfAny(join(dir, 'target/live/watch.log'));
    expect(watched).toMatch(/OK created sql incremental model main_staging\.base_bronze__orders .*\(\d+ commits?\)/);
  });

  it('lets strata show read the gold models while the watcher runs', () => {
    expect(shownDuringRun?.stderr).toBe('');
    expect(shownDuringRun?.code).toBe(0);
    expect(shownDuringRun?.stdout).toMatch(/Previewing hourly_trends \(\d+ rows?\):/);
  });

  it('ends with gold tables equal to a full rebuild from the same Bronze files', { timeout: 120_000 }, async () => {
    const full = await strata(['build', '--exclude', 'resource_type:test'], {
      cwd: dir,
      env: { STRATA_DUCKDB_PATH: 'target/full.duckdb' },
    });
    expect(full.code, full.stdout).toBe(0);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(`attach '${join(dir, 'target/shop.duckdb')}' as live (read_only)`);
      await connection.run(`attach '${join(dir, 'target/full.duckdb')}' as rebuilt (read_only)`);
      for (const table of GOLD) {
        const rows = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJS();
        const [counts] = await rows(
          `select (select count(*) from live.main_gold.${table}) as live, ` +
            `(select count(*) from rebuilt.main_gold.${table}) as rebuilt`,
        );
        expect(counts!.live, table).toBeGreaterThan(0n);
        expect(counts, table).toEqual({ live: counts!.rebuilt, rebuilt: counts!.rebuilt });
        // every row of each side is in the other, as many times
        for (const [a, b] of [
          ['live', 'rebuilt'],
          ['rebuilt', 'live'],
        ])
          expect(
            await rows(`select * from ${a}.main_gold.${table} except all select * from ${b}.main_gold.${table}`),
            `${table}: rows of ${a} missing from ${b}`,
          ).toEqual([]);
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

/** Run the live example's CLI in `cwd`; `whileWatching` runs once the watcher has started. */
function runLive(args: string[], cwd: string, whileWatching: () => Promise<void>): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [LIVE_CLI, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let during: Promise<void> | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!during && stdout.includes('Watching:')) during = whileWatching();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      void (during ?? Promise.resolve()).then(() => done({ code, stdout, stderr }), fail);
    });
  });
}

function readFileIfAny(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}
