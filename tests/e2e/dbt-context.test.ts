import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, queryDuckDb, strata, type CliResult } from '../support/cli.js';

// The fixture's models read the warehouse while they compile (run_query, statement blocks,
// get_columns_in_relation, load_relation) and use dbt's context (execute, log, graph, model,
// config.get, modules, target, flags, invocation_id, -- depends_on).
describe("strata build on models using dbt's context and introspective calls (DuckDB)", () => {
  let dir: string;
  let build: CliResult;

  beforeAll(async () => {
    dir = copyFixture('dbt-context');
    build = await strata(['build'], { cwd: dir });
  });

  const db = () => join(dir, 'target/dbt_context.duckdb');
  const count = (text: string, part: string) => text.split(part).length - 1;

  it('builds every model and test', () => {
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(/Done\. PASS=8 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=8/);
  });

  it('pivots over the distinct values run_query read from the seed', async () => {
    const rows = await queryDuckDb(db(), 'select * from main.payment_pivot order by order_id');
    expect(rows).toEqual([
      { order_id: 1n, bank_transfer_amount: 0, card_amount: 10.5, cash_amount: 0, gift_amount: 2, total_amount: 12.5 },
      { order_id: 2n, bank_transfer_amount: 0, card_amount: 0, cash_amount: 7, gift_amount: 0, total_amount: 7 },
      { order_id: 3n, bank_transfer_amount: 1.5, card_amount: 4, cash_amount: 0, gift_amount: 0, total_amount: 5.5 },
    ]);
  });

  it('renders an ephemeral model that introspects inside the model using it', async () => {
    const rows = await queryDuckDb(db(), 'select * from main.method_summary');
    expect(rows).toEqual([{ methods_seen: 'bank_transfer,card,cash,gift', payments: 5 }]);
  });

  it('selects the columns get_columns_in_relation found, less those a Python regex matched', async () => {
    const rows = await queryDuckDb(db(), 'select * from main.payments_slim order by order_id, method');
    expect(Object.keys(rows[0]!)).toEqual(['order_id', 'method', 'amount', 'kept_columns']);
    expect(rows).toHaveLength(5);
    expect(rows[0]!.kept_columns).toBe(3);
  });

  it('runs each statement once, however many passes the render took, and prints each log line once', async () => {
    const events = await queryDuckDb(db(), 'select * from main.audit_events');
    const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')) as {
      metadata: { invocation_id: string };
    };
    const invocationId = results.metadata.invocation_id;
    expect(events).toEqual([{ model: 'audited', invocation: invocationId }]);
    const [audited] = await queryDuckDb(db(), 'select * from main.audited');
    expect(audited).toEqual({
      audit_events: 1,
      last_invocation: invocationId,
      invocation_id: invocationId,
      pivot_type: 'table',
      missing_is_none: true,
      materialized: 'table',
      fallback_config: 'fallback',
      graph_models: 7,
      pivot_materialized: 'table',
      // a node's database in `graph` as dbt-duckdb gives it: the database file's catalog
      pivot_database: 'dbt_context',
    });
    expect(count(build.stdout, 'audit rows: 1')).toBe(1);
    expect(count(build.stdout, 'pivoting over 4 payment methods: bank_transfer, card, cash, gift')).toBe(1);
  });

  it("renders dbt's context: modules, yaml, zip, md5, target, flags, var precedence, builtins", async () => {
    const [values] = await queryDuckDb(db(), 'select * from main.context_values');
    expect(values).toMatchObject({
      card_total: 14.5,
      order_limit: 3,
      labels_yaml: 'labels:\n- a\n- b',
      zipped: 'x1,y2',
      grid: 'a1 a2 b1 b2',
      md5: '77194479b2a7c2698a54a10abfeeda85',
      renamed: 'order_42',
      day_text: '04/03/2026 Wednesday',
      started_this_year: true,
      started_zone: 'UTC',
      target_text: 'dev/dbt_context/duckdb/main/2',
      which: 'build',
      greeting: 'project-scoped',
      builtin_ref: 'payments',
    });
  });

  it('orders a model after the ref() of its -- depends_on comment', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8')) as {
      nodes: Record<string, { depends_on: { nodes: string[] } }>;
    };
    expect(manifest.nodes['model.dbt_context.context_values']!.depends_on.nodes).toContain(
      'model.dbt_context.payment_pivot',
    );
  });

  it('strata compile introspects on a connection it opens, and the analysis sees the warehouse', async () => {
    const compile = await strata(['compile'], { cwd: dir });
    expect(compile.stderr).toBe('');
    expect(compile.code).toBe(0);
    const analysis = readFileSync(join(dir, 'target/compiled/dbt_context/analyses/methods_report.sql'), 'utf8');
    expect(analysis).toContain("select 'bank_transfer,card,cash,gift' as methods");
  });

  it('strata show runs the introspective calls of the model it shows', async () => {
    const show = await strata(['show', '-s', 'method_summary'], { cwd: dir });
    expect(show.stderr).toBe('');
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('| bank_transfer,card,cash,gift | 5        |');
  });

  it('strata docs generate compiles introspecting models too', async () => {
    const docs = await strata(['docs', 'generate'], { cwd: dir });
    expect(docs.stderr).toBe('');
    expect(docs.code).toBe(0);
    const compiled = readFileSync(join(dir, 'target/compiled/dbt_context/models/method_summary.sql'), 'utf8');
    expect(compiled).toContain("select 'bank_transfer,card,cash,gift' as methods_seen");
  });
});

describe('commands that need no warehouse', () => {
  it('strata parse renders with execute false: no introspective call reaches the warehouse', async () => {
    const dir = copyFixture('dbt-context');
    const parse = await strata(['parse'], { cwd: dir });
    expect(parse.stderr).toBe('');
    expect(parse.code).toBe(0);
    expect(existsSync(join(dir, 'target/dbt_context.duckdb'))).toBe(false);
  });

  it('strata compile of models without introspective calls needs none, and execute is true', async () => {
    const dir = copyFixture('dbt-context');
    const compile = await strata(['compile', '-s', 'plain_greeting'], { cwd: dir });
    expect(compile.stderr).toBe('');
    expect(compile.code).toBe(0);
    const sql = readFileSync(join(dir, 'target/compiled/dbt_context/models/plain_greeting.sql'), 'utf8');
    expect(sql).toContain("select 'project-scoped' as greeting, true as executed");
    // no connection was opened: the DuckDB file was never created
    expect(existsSync(join(dir, 'target/dbt_context.duckdb'))).toBe(false);
  });
});
