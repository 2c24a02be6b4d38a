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
    expect(result.stdout.match(/Done\. PASS=2 WARN=0 ERROR=0 SKIP=0 TOTAL=2/g)).toHaveLength(2);
    expect(result.stdout.trimEnd().split('\n').pop()).toMatch(/Stopped watching\.$/);
    const rows = await queryDuckDb(join(dir, 'target/watched.duckdb'), 'select orders from main.order_count');
    expect(rows).toEqual([{ orders: 3n }]);
  });

  it('names the missing feed when no selected model reads a lake source', async () => {
    const dir = tempProject({
      'project.yml': 'name: plain\nversion: "1.0"\nprofile: plain\nmodel-paths: [models]\n',
      'profiles.yml': 'plain:\n  target: dev\n  outputs:\n    dev: { type: duckdb, path: target/p.duckdb }\n',
      'models/one.sql': 'select 1 as id',
    });
    const result = await strata(['run', '--watch', '--profiles-dir', dir], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--watch follows the commit feed of a local lake');
  });
});
