import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryDuckDb, strata } from '../support/cli.js';
import { appendCommit } from '../support/feed-lake.js';
import { tempProject } from '../support/temp-project.js';

/** One topic; `order_count` also burns a few hundred milliseconds, so a signal lands during its run. */
function project(): string {
  return tempProject({
    'project.yml':
      'name: watched\nversion: "1.0"\nprofile: watched\nmodel-paths: [models]\n' +
      'models: { watched: { +materialized: table } }\n',
    'profiles.yml':
      'watched:\n  target: dev\n  outputs:\n' +
      '    dev: { type: duckdb, path: target/watched.duckdb, threads: 1, schema: main }\n',
    'models/sources.yml':
      'version: 2\nsources:\n  - name: bronze\n    tables:\n' +
      '      - name: orders\n        external: { location: lake/orders, format: jsonl, partitions: [dt, hour] }\n',
    'models/stg_orders.sql': "select json_extract_string(payload, '$.id') as id from {{ source('bronze', 'orders') }}",
    'models/order_count.sql':
      "select count(*) as orders, (select count(*) from range(200000000)) as burnt from {{ ref('stg_orders') }}",
  });
}

const order = (id: string) => ({ id, event_time: '2026-01-05T10:00:00Z' });

describe('strata run --watch', () => {
  it('runs on each commit and, on SIGTERM, stops after the run in flight with exit code 0', async () => {
    const dir = project();
    const lake = join(dir, 'lake');
    appendCommit(lake, 'orders', 0, [order('o1')]);
    let committed = false;
    let signalled = false;
    const result = await strata(['run', '--watch', '--poll-interval', '0.1', '--profiles-dir', dir], {
      cwd: dir,
      onSpawn: (kill, output) => {
        const poll = setInterval(() => {
          const text = output();
          if (!committed && text.includes('Waiting for commits...')) {
            committed = true;
            appendCommit(lake, 'orders', 0, [order('o2'), order('o3')]);
          }
          if (committed && !signalled && /new commits[\s\S]*START sql table model main\.order_count/.test(text)) {
            signalled = true;
            clearInterval(poll);
            kill('SIGTERM');
          }
        }, 20);
      },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 new commits (2 rows) of orders: running 2 of 2 selected nodes');
    expect(result.stdout).toContain('Stopping after the run in flight');
    // the run in flight finished: both runs report their two models done
    expect(result.stdout.match(/Done\. PASS=2 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=2/g)).toHaveLength(2);
    expect(result.stdout.trimEnd().split('\n').pop()).toMatch(/Stopped watching\.$/);
    const rows = await queryDuckDb(join(dir, 'target/watched.duckdb'), 'select orders from main.order_count');
    expect(rows).toEqual([{ orders: 3n }]);
  });

  it("serves each model's freshness on --metrics-port and warns once for each run that misses its target", async () => {
    const dir = project();
    const lake = join(dir, 'lake');
    writeFileSync(
      join(dir, 'models/schema.yml'),
      'version: 2\nmodels:\n  - name: order_count\n    config: { freshness_target: 5s }\n',
    );
    appendCommit(lake, 'orders', 0, [order('o1')]);
    const eventTime = Date.parse(order('o2').event_time);
    let committedAt = 0;
    let scrape: Promise<{ text: string; before: number; after: number }> | undefined;
    const result = await strata(
      ['run', '--watch', '--poll-interval', '0.1', '--metrics-port', '0', '--profiles-dir', dir],
      {
        cwd: dir,
        onSpawn: (kill, output) => {
          const poll = setInterval(() => {
            const text = output();
            const waits = text.split('Waiting for commits...').length - 1;
            if (committedAt === 0 && waits === 1) {
              committedAt = Date.now();
              appendCommit(lake, 'orders', 0, [order('o2')]);
            }
            if (waits === 2 && scrape === undefined) {
              clearInterval(poll);
              const url = /Serving model freshness metrics on (\S+)/.exec(text)![1]!;
              const before = Date.now();
              scrape = fetch(url)
                .then(async (response) => ({ text: await response.text(), before, after: Date.now() }))
                .finally(() => kill('SIGTERM'));
            }
          }, 20);
        },
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Serving model freshness metrics on http:\/\/127\.0\.0\.1:\d+\/metrics/);
    const { text, before, after } = await scrape!;
    const sample = (name: string, model: string): number => {
      const match = new RegExp(`^${name}\\{model="${model}"\\} (\\S+)$`, 'm').exec(text);
      expect(match, `${name} of ${model} in:\n${text}`).not.toBeNull();
      return Number(match![1]);
    };
    expect(text).toContain('# TYPE strata_model_freshness_seconds gauge');
    // the scrape computes now minus the newest event time the commit feed recorded
    const freshness = sample('strata_model_freshness_seconds', 'order_count');
    expect(freshness).toBeGreaterThanOrEqual((before - eventTime) / 1000);
    expect(freshness).toBeLessThanOrEqual((after - eventTime) / 1000);
    expect(sample('strata_model_newest_event_timestamp_seconds', 'stg_orders')).toBe(eventTime / 1000);
    // built after the commit landed, before the scrape
    const latency = sample('strata_model_event_latency_seconds', 'order_count');
    expect(latency).toBeGreaterThanOrEqual((committedAt - eventTime) / 1000);
    expect(latency).toBeLessThanOrEqual((before - eventTime) / 1000);
    expect(sample('strata_model_ingest_latency_seconds', 'order_count')).toBeGreaterThanOrEqual(0);
    expect(sample('strata_model_freshness_target_seconds', 'order_count')).toBe(5);
    // both runs missed the target (the first one built the lake up to its last commit, of the same hour)
    expect(sample('strata_model_freshness_target_misses_total', 'order_count')).toBe(2);
    expect(text).not.toContain('strata_model_freshness_target_misses_total{model="stg_orders"}');
    // the first run built from the whole lake, the second from the commit
    expect(text).toContain('strata_model_runs_total{model="order_count",status="success"} 2\n');
    expect(sample('strata_model_last_run_duration_seconds', 'order_count')).toBeGreaterThan(0);
    // one warning line per miss, none per scrape
    expect(result.stdout.match(/model order_count missed its freshness target/g)).toHaveLength(2);
  });

  it('names the missing feed when no selected model reads a lake source', async () => {
    const dir = tempProject({
      'project.yml': 'name: plain\nversion: "1.0"\nprofile: plain\nmodel-paths: [models]\n',
      'profiles.yml': 'plain:\n  target: dev\n  outputs:\n    dev: { type: duckdb, path: target/p.duckdb }\n',
      'models/one.sql': 'select 1 as id',
    });
    const result = await strata(['run', '--watch', '--profiles-dir', dir], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--watch follows the commit feed of a lake');
  });

  it('names the S3 lake whose feed it cannot read, without a stack trace', async () => {
    const dir = tempProject({
      'project.yml': 'name: s3fed\nversion: "1.0"\nprofile: s3fed\nmodel-paths: [models]\n',
      'profiles.yml': 's3fed:\n  target: dev\n  outputs:\n    dev: { type: duckdb, path: target/s.duckdb }\n',
      'models/sources.yml':
        'version: 2\nsources:\n  - name: bronze\n    tables:\n' +
        '      - { name: orders, external: { location: "s3://no-such-lake/bronze/orders", format: jsonl } }\n',
      'models/stg_orders.sql': "select * from {{ source('bronze', 'orders') }}",
    });
    // nothing listens on the discard port: every S3 request is refused
    const env = {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9',
    };
    const result = await strata(['run', '--watch', '--profiles-dir', dir], { cwd: dir, env });
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toContain('could not read the commit feed of s3://no-such-lake/bronze');
    expect(result.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
  });
});
