/**
 * `strata source freshness` on DuckDB: rows loaded a known time before now rate pass, warn
 * and error (stale); a filter, a loaded_at_query and a lake source read from files are
 * measured; an empty table is "infinitely" old, as in dbt 1.11; sources.json is written in
 * dbt's shape and the exit code is dbt's, a failing project hook included. Then
 * `source_status:fresher` against a previous sources.json.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, queryDuckDb, strata } from '../support/cli.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
let dir: string;

/** A naive timestamp literal `ago` ms before now, in UTC (as the warehouse would store it). */
function agoLiteral(ago: number): string {
  return `TIMESTAMP '${new Date(Date.now() - ago).toISOString().replace('T', ' ').replace('Z', '')}'`;
}

function database(): string {
  return join(dir, 'target/freshness_shop.duckdb');
}

beforeAll(async () => {
  dir = copyFixture('freshness');
  mkdirSync(join(dir, 'target'));
  await queryDuckDb(
    database(),
    [
      'create schema raw',
      `create table raw.fresh_orders as select ${agoLiteral(5 * MINUTE)} as loaded_at`,
      `create table raw.late_orders as select ${agoLiteral(3 * HOUR)} as loaded_at`,
      `create table raw.stale_orders as select ${agoLiteral(72 * HOUR)} as loaded_at`,
      `create table raw.page_events as select ${agoLiteral(3 * HOUR)} as loaded_at, 'page_view' as kind ` +
        `union all select ${agoLiteral(5 * MINUTE)}, 'click'`,
      `create table raw.audited as select ${agoLiteral(13 * HOUR)} as audited_at`,
      'create table raw.unchecked as select 1 as x',
      'create table raw.empty_orders (loaded_at timestamp)',
    ].join(';\n'),
  );
  // the lake source: one JSON-lines file as the ingester lands them, ingested 10 minutes ago
  mkdirSync(join(dir, 'lake/events'), { recursive: true });
  const ingestedAt = new Date(Date.now() - 10 * MINUTE).toISOString();
  writeFileSync(join(dir, 'lake/events/part-0.jsonl'), `${JSON.stringify({ id: 1, ingested_at: ingestedAt })}\n`);
});

function sourcesJson(path = join(dir, 'target/sources.json')) {
  return JSON.parse(readFileSync(path, 'utf8')) as {
    metadata: Record<string, unknown>;
    results: Array<Record<string, unknown>>;
    elapsed_time: number;
  };
}

const id = (name: string) => `source.freshness_shop.${name}`;

/** The last line of the output, without its timestamp. */
const lastLine = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .at(-1)!
    .replace(/^\d\d:\d\d:\d\d {2}/, '');

describe('strata source freshness', () => {
  it('rates every checked source, prints dbt-like lines, writes sources.json, exits 1 when one is stale', async () => {
    const result = await strata(['source', 'freshness'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const lines = result.stdout;
    expect(lines).toMatch(/\d of 7 START freshness of raw\.late_orders \.+ \[RUN\]/);
    expect(lines).toMatch(/\d of 7 PASS freshness of raw\.fresh_orders \.+ \[PASS in \d+\.\d\ds\]/);
    expect(lines).toMatch(/\d of 7 WARN freshness of raw\.late_orders \.+ \[WARN in/);
    expect(lines).toMatch(/\d of 7 ERROR STALE freshness of raw\.stale_orders \.+ \[ERROR STALE in/);
    // no loaded-at value at all: dbt 1.11 reads it as 0001-01-01, rated stale by error_after
    expect(lines).toMatch(/\d of 7 ERROR STALE freshness of raw\.empty_orders \.+ \[ERROR STALE in/);
    expect(lines).toContain('Finished running 7 sources in');
    expect(lines).toContain('Failure in source stale_orders (models/sources.yml)');
    expect(lines).toMatch(/Failure in source empty_orders \(models\/sources\.yml\)\n[\d:]+ {4}Status: error\n/);
    // dbt 1.11 ends source freshness with a bare `Done.`: the counts are in sources.json
    expect(lastLine(lines)).toBe('Done.');

    const json = sourcesJson();
    expect(json.metadata.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/sources/v3.json');
    const statuses = Object.fromEntries(json.results.map((r) => [r.unique_id, r.status]));
    expect(statuses).toEqual({
      [id('lake.events')]: 'pass',
      [id('raw.audited')]: 'warn',
      [id('raw.empty_orders')]: 'error',
      [id('raw.fresh_orders')]: 'pass',
      [id('raw.late_orders')]: 'warn',
      // only page views count, and they are 3 hours old
      [id('raw.page_events')]: 'warn',
      [id('raw.stale_orders')]: 'error',
    });
    const late = json.results.find((r) => r.unique_id === id('raw.late_orders'))!;
    expect(Object.keys(late)).toEqual([
      'unique_id',
      'max_loaded_at',
      'snapshotted_at',
      'max_loaded_at_time_ago_in_s',
      'status',
      'criteria',
      'adapter_response',
      'timing',
      'thread_id',
      'execution_time',
    ]);
    // Python's isoformat, as dbt writes them: six fraction digits (or none), zone-aware `+00:00`, timing in `Z`
    expect(late.snapshotted_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
    expect(JSON.stringify(late.timing)).toMatch(/"started_at":"[^"]*T\d\d:\d\d:\d\d(\.\d{6})?Z"/);
    expect(json.metadata.generated_at).toMatch(/T\d\d:\d\d:\d\d(\.\d{6})?Z$/);
    const age = late.max_loaded_at_time_ago_in_s as number;
    expect(age).toBeGreaterThan(3 * 3600);
    expect(age).toBeLessThan(4 * 3600);
    expect(late.criteria).toEqual({
      warn_after: { count: 1, period: 'hour' },
      error_after: { count: 1, period: 'day' },
      filter: null,
    });
    // the table's warn_after over the source's, which keeps its error_after
    const audited = json.results.find((r) => r.unique_id === id('raw.audited'))!;
    expect(audited.criteria).toEqual({
      warn_after: { count: 12, period: 'hour' },
      error_after: { count: 1, period: 'day' },
      filter: null,
    });
    const pageEvents = json.results.find((r) => r.unique_id === id('raw.page_events'))!;
    expect((pageEvents.criteria as Record<string, unknown>).filter).toBe("kind = 'page_view'");
    const empty = json.results.find((r) => r.unique_id === id('raw.empty_orders'))!;
    expect(empty.max_loaded_at).toBe('0001-01-01T00:00:00+00:00');
    expect(empty.max_loaded_at_time_ago_in_s).toBeGreaterThan(63_000_000_000);
  });

  it('exits 0 when the selected sources only warn, and --exclude leaves sources out', async () => {
    const result = await strata(
      ['source', 'freshness', '--select', 'source:raw', '--exclude', 'source:raw.stale_orders source:raw.empty_orders'],
      { cwd: dir },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(lastLine(result.stdout)).toBe('Done.');
    expect(sourcesJson().results.map((r) => r.unique_id)).toEqual([
      id('raw.audited'),
      id('raw.fresh_orders'),
      id('raw.late_orders'),
      id('raw.page_events'),
    ]);
  });

  it('writes the results where --output says', async () => {
    const result = await strata(['source', 'freshness', '-s', 'source:lake', '-o', 'reports/freshness.json'], {
      cwd: dir,
    });
    expect(result.code).toBe(0);
    const json = sourcesJson(join(dir, 'reports/freshness.json'));
    expect(json.results.map((r) => [r.unique_id, r.status])).toEqual([[id('lake.events'), 'pass']]);
  });

  it("reports a loaded_at_query that does not render as that source's runtime error, at its line", async () => {
    const file = join(dir, 'models/sources.yml');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('from {{ this }}', 'from {{ no_such_relation }}'));
    try {
      const result = await strata(['source', 'freshness', '-s', 'source:raw.audited source:raw.fresh_orders'], {
        cwd: dir,
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('  Runtime Error in source audited (models/sources.yml)');
      expect(result.stdout).toMatch(/models\/sources\.yml:\d+: .*'no_such_relation' is undefined/);
      // dbt 1.11 leaves a check that failed to run out of sources.json
      expect(sourcesJson().results.map((r) => r.unique_id)).toEqual([id('raw.fresh_orders')]);
    } finally {
      writeFileSync(file, good);
    }
  });

  it("keeps `freshness: null` off, inheriting nothing; without loaded_at_field fails as dbt's duckdb", async () => {
    const file = join(dir, 'models/more_sources.yml');
    writeFileSync(
      file,
      [
        'version: 2',
        'sources:',
        '  - name: quiet',
        '    schema: raw',
        '    loaded_at_field: loaded_at',
        '    freshness: null',
        '    tables:',
        '      - name: fresh_orders',
        '      - name: late_orders',
        '        freshness: { warn_after: { count: 1, period: minute } }',
        '  - name: by_metadata',
        '    schema: raw',
        '    freshness: { warn_after: { count: 1, period: hour } }',
        '    tables:',
        '      - name: stale_orders',
        '  - name: texty',
        '    schema: raw',
        '    loaded_at_field: "\'soon\'"',
        '    freshness: { warn_after: { count: 1, period: hour } }',
        '    tables:',
        '      - name: late_orders',
        '',
      ].join('\n'),
    );
    try {
      const selected = 'source:quiet source:by_metadata source:texty';
      const result = await strata(['source', 'freshness', '-s', selected], { cwd: dir });
      expect(result.code).toBe(1);
      const output = result.stdout + result.stderr;
      expect(output).toContain(
        'The configured adapter does not support metadata-based freshness. ' +
          "A loaded_at_field must be specified for source 'by_metadata.stale_orders'.",
      );
      expect(result.stdout).toContain(
        "Could not compute freshness for source stale_orders: no 'loaded_at_field' provided and duckdb adapter " +
          'does not support metadata-based freshness checks.',
      );
      // quiet.fresh_orders inherits the source's null; late_orders has its own threshold only
      // a loaded-at value that is no timestamp is dbt's database error
      expect(result.stdout).toContain('  Database Error in source late_orders (models/more_sources.yml)');
      expect(result.stdout).toContain("but received value of type 'str' instead");
      // quiet.late_orders only: dbt 1.11 leaves the checks that failed out of sources.json
      expect(sourcesJson().results.map((r) => r.status)).toEqual(['warn']);
      const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8')) as {
        sources: Record<string, { freshness: unknown }>;
      };
      expect(manifest.sources[id('quiet.fresh_orders')]!.freshness).toBeNull();
      expect(manifest.sources[id('raw.unchecked')]!.freshness).toBeNull();
      expect(manifest.sources[id('quiet.late_orders')]!.freshness).toEqual({
        warn_after: { count: 1, period: 'minute' },
        error_after: { count: null, period: null },
        filter: null,
      });
    } finally {
      rmSync(file);
    }
  });

  it('exits 1 when an on-run-start or on-run-end hook fails, though every source passes, as dbt 1.11', async () => {
    const file = join(dir, 'dbt_project.yml');
    const good = readFileSync(file, 'utf8');
    for (const hook of ['on-run-start', 'on-run-end']) {
      writeFileSync(file, `${good}${hook}: ["select * from no_such_audit_table"]\n`);
      try {
        const result = await strata(['source', 'freshness', '-s', 'source:raw.fresh_orders'], { cwd: dir });
        expect(result.code).toBe(1);
        // the check still runs, and passes
        expect(result.stdout).toMatch(/1 of 1 PASS freshness of raw\.fresh_orders/);
        expect(result.stdout).toMatch(new RegExp(`1 of 1 ERROR hook: freshness_shop\\.${hook}\\.0`));
        expect(result.stdout).toContain('Finished running 1 project hook, 1 source in');
        expect(result.stdout).toContain(`Failure in operation freshness_shop-${hook}-0 (dbt_project.yml)`);
        expect(result.stdout).toContain(`freshness_shop.${hook}.0 failed, error:`);
        expect(lastLine(result.stdout)).toBe('Done.');
      } finally {
        writeFileSync(file, good);
      }
    }
  });

  it('says there is nothing to do when no selected source has freshness', async () => {
    const result = await strata(['source', 'freshness', '-s', 'source:raw.unchecked'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Nothing to do.');
  });
});

describe('source_status:fresher', () => {
  it('selects the sources that received rows since the state run, and what is built from them', async () => {
    const first = await strata(['source', 'freshness', '-s', 'source:raw.fresh_orders source:raw.late_orders'], {
      cwd: dir,
    });
    expect(first.code).toBe(0);
    const state = join(dir, 'prod-state');
    cpSync(join(dir, 'target'), state, { recursive: true, filter: (path) => !path.endsWith('.duckdb') });
    expect(existsSync(join(state, 'manifest.json'))).toBe(true);

    await queryDuckDb(database(), `insert into raw.fresh_orders values (${agoLiteral(MINUTE)})`);
    const second = await strata(['source', 'freshness', '-s', 'source:raw.fresh_orders source:raw.late_orders'], {
      cwd: dir,
    });
    expect(second.code).toBe(0);

    const ls = await strata(['ls', '-s', 'source_status:fresher+', '--state', state, '--output', 'name'], {
      cwd: dir,
    });
    expect(ls.stderr).toBe('');
    expect(ls.stdout.trim().split('\n').sort()).toEqual(['fresh_orders', 'orders_summary']);
  });
});
