import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GeneratorTally } from '../../ingest/generator/index.js';
import { queryDuckDb, strata, type CliResult } from '../support/cli.js';
import { copyExampleProject, EXAMPLE_GOLD_MODELS, generateExampleLake } from '../support/example-project.js';
import { expectFactsMatchTally, expectLayersMatchTally } from '../support/example-reconciliation.js';
import { tempDir } from '../support/temp-dir.js';

describe('the example e-commerce project, generated, built and tested on DuckDB', () => {
  let dir: string;
  let build: CliResult;
  let tally: GeneratorTally;

  beforeAll(async () => {
    dir = tempDir('strata-example-');
    copyExampleProject(dir);
    tally = await generateExampleLake(dir, { seed: 7, users: 600, days: 3 });
    build = await strata(['build'], { cwd: dir });
  }, 240_000);

  const sql = async (query: string) => (await queryDuckDb(join(dir, 'target/shop.duckdb'), query))[0]!;

  it('builds every model and passes every data test', () => {
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(/Done\. PASS=\d+ WARN=\d+ ERROR=0 SKIP=0 NO-OP=\d+ TOTAL=\d+/);
    for (const model of EXAMPLE_GOLD_MODELS)
      expect(build.stdout).toContain(`OK created sql table model main_gold.${model}`);
    expect(build.stdout).toMatch(/OK created sql table model main_silver\.silver_clickstream_events .* \[COPY \d+/);
    expect(build.stdout).toMatch(/OK created sql incremental model main_marts\.fct_orders/);
  });

  it('reconciles staging, marts and gold with what the generator produced', async () => {
    await expectFactsMatchTally(sql, tally);
  });

  it('sets malformed events aside and drops duplicates', async () => {
    expect(await sql('select count(*)::int as n from main_staging.stg_invalid_events')).toEqual({
      n: tally.malformed.total,
    });
    await expectLayersMatchTally(sql, tally);
  });

  it('writes the silver layer as hive-partitioned Parquet in the lake', async () => {
    const partitions = await sql(
      'select count(distinct dt)::int as days ' +
        `from read_parquet('${dir}/lake/silver/clickstream_events/**/*.parquet', hive_partitioning = true)`,
    );
    expect(partitions).toEqual({ days: 3 });
  });

  it('re-runs the incremental fact without duplicating rows', async () => {
    const again = await strata(['run', '-s', 'fct_orders'], { cwd: dir });
    expect(again.code).toBe(0);
    // the lookback re-merges the newest hour's orders: the same rows again, none added
    expect(again.stdout).toMatch(/MERGE \d+/);
    expect(
      await sql('select count(*)::int as n, count(distinct order_id)::int as d from main_marts.fct_orders'),
    ).toEqual({ n: tally.orders.valid, d: tally.orders.valid });
  });

  it('checks the freshness of every Bronze topic: generated history is stale, so the command exits 1', async () => {
    const result = await strata(['source', 'freshness'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    for (const topic of ['clickstream', 'orders', 'payments', 'users'])
      expect(result.stdout).toMatch(new RegExp(`ERROR STALE freshness of bronze\\.${topic} `));
    const sources = JSON.parse(readFileSync(join(dir, 'target/sources.json'), 'utf8')) as {
      results: Array<{ unique_id: string; status: string; max_loaded_at: string }>;
    };
    expect(sources.results.map((r) => [r.unique_id, r.status])).toEqual(
      ['clickstream', 'orders', 'payments', 'users'].map((topic) => [`source.shop.bronze.${topic}`, 'error']),
    );
    // the newest ingested_at of the generated lake, not the time of the check
    for (const r of sources.results) expect(Date.parse(r.max_loaded_at)).toBeLessThan(Date.now() - 86_400_000);
  });

  it('takes an order whose flush landed after the last run though stamped before its newest ingested_at', async () => {
    // Partitions flush apart: a flush stamped at 10:00 can land after another stamped 10:01 was read.
    const { newest } = (await sql(
      "select strftime(max(last_ingested_at), '%Y-%m-%dT%H:%M:%S.%gZ') as newest from main_marts.fct_orders",
    )) as { newest: string };
    const folder = join(dir, 'lake/orders');
    const [file] = readdirSync(folder, { recursive: true })
      .map(String)
      .filter((name) => name.endsWith('.jsonl.gz'));
    const line = JSON.parse(
      gunzipSync(readFileSync(join(folder, file!)))
        .toString('utf8')
        .split('\n')[0]!,
    ) as {
      partition: number;
      offset: number;
      ingested_at: string;
      payload: string;
    };
    const order = { ...JSON.parse(line.payload), order_id: randomUUID(), event_id: randomUUID() } as {
      order_id: string;
    };
    const late = {
      ...line,
      offset: 900_000_000,
      ingested_at: new Date(Date.parse(newest) - 5 * 60_000).toISOString(),
      payload: JSON.stringify(order),
    };
    const lateFile = join(folder, dirname(file!), `orders+${line.partition}+900000000.jsonl.gz`);
    writeFileSync(lateFile, gzipSync(`${JSON.stringify(late)}\n`));

    const run = await strata(['run', '-s', '+fct_orders'], { cwd: dir });
    expect(run.code, run.stdout).toBe(0);
    expect(
      await sql(`select count(*)::int as n from main_marts.fct_orders where order_id = '${order.order_id}'`),
    ).toEqual({ n: 1 });
  });
});
