/**
 * What the suites that build the example project on a production warehouse share: the
 * project copied and its events generated, and the checks every such build must pass.
 * Each suite loads Bronze its own way (tables on a stand-in, Glue over S3) first.
 */
import { expect, it } from 'vitest';
import type { GeneratorTally } from '../../ingest/generator/index.js';
import { strata, type CliResult } from './cli.js';
import { copyExampleProject, EXAMPLE_GOLD_MODELS, generateExampleLake } from './example-project.js';
import {
  exampleSchemas,
  expectFactsMatchTally,
  expectLayersMatchTally,
  STAGING_MODEL_BY_TOPIC,
  type QueryOne,
} from './example-reconciliation.js';

export const EXAMPLE_TOPICS = Object.keys(STAGING_MODEL_BY_TOPIC);

/** The schema suffixes of the example's folders, for dropping a build afterwards. */
export const EXAMPLE_LAYER_SUFFIXES = ['', '_staging', '_silver', '_marts', '_gold', '_reference'];

/** Copy the example project into `dir` and generate a small lake; returns the generator's tally. */
export async function prepareExampleProject(dir: string): Promise<GeneratorTally> {
  copyExampleProject(dir);
  return generateExampleLake(dir, { seed: 7, users: 300, days: 2 });
}

export interface ExampleBuild {
  /** the project folder */
  dir: string;
  target: string;
  /** the target schema the build writes `<schema>_staging`, `<schema>_gold`, ... under */
  schema: string;
  env: () => Record<string, string>;
  /** one row of a query, through the target's own adapter */
  sql: QueryOne;
  tally: () => GeneratorTally;
  /** the result of `strata build --target <target>`, run by the suite's beforeAll */
  build: () => CliResult;
}

/** The checks every warehouse's build of the example must pass; call inside the suite's describe. */
export function itBuildsAndReconcilesTheExample(example: ExampleBuild): void {
  const { dir, target, schema } = example;

  it('builds every model and passes every data test', () => {
    const build = example.build();
    expect(withoutSdkNodeWarning(build.stderr)).toBe('');
    expect(build.stdout).toMatch(/Done\. PASS=\d+ WARN=\d+ ERROR=0 SKIP=0 NO-OP=\d+ TOTAL=\d+/);
    expect(build.code).toBe(0);
    for (const model of EXAMPLE_GOLD_MODELS)
      expect(build.stdout).toContain(`OK created sql table model ${schema}_gold.${model}`);
    // no local lake on a production warehouse: the silver model is a table there
    expect(build.stdout).toContain(`OK created sql table model ${schema}_silver.silver_clickstream_events`);
    expect(build.stdout).toContain(`OK created sql incremental model ${schema}_marts.fct_orders`);
  });

  it('reconciles staging, marts and gold with what the generator produced', async () => {
    const { sql } = example;
    const tally = example.tally();
    const layers = exampleSchemas(schema);
    await expectFactsMatchTally(sql, tally, layers);
    expect(await sql(`select count(*)::int as n from ${layers.staging}.stg_invalid_events`)).toEqual({
      n: tally.malformed.total,
    });
    await expectLayersMatchTally(sql, tally, {}, layers);
    const flagged = await sql(
      `select count(*)::int as n from ${layers.staging}.stg_invalid_events ` +
        "where rejection_reason = 'invalid_event_time'",
    );
    expect(flagged).toEqual({ n: tally.malformed.byReason.bad_timestamp ?? 0 });
  });

  it('re-runs the incremental fact without duplicating rows', async () => {
    const again = await strata(['run', '-s', 'fct_orders', '--target', target], { cwd: dir, env: example.env() });
    expect(withoutSdkNodeWarning(again.stderr)).toBe('');
    expect(again.code, again.stdout).toBe(0);
    const counts = await example.sql(
      `select count(*)::int as n, count(distinct order_id)::int as d from ${schema}_marts.fct_orders`,
    );
    const valid = example.tally().orders.valid;
    expect(counts).toEqual({ n: valid, d: valid });
  });
}

/**
 * A reconciliation row (only counts and sums): column names as the checks write them
 * (Snowflake answers in upper case), and numbers whether the driver returns them as
 * bigints or text (unlike the conformance suite's rows, which must keep strings apart).
 */
export function countsRow(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key.toLowerCase(),
      typeof value === 'bigint' || typeof value === 'string' ? Number(value) : value,
    ]),
  );
}

/** The AWS SDK warns on stderr about the Node version it will need next; nothing of ours. */
function withoutSdkNodeWarning(stderr: string): string {
  return stderr.replace(
    /\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?to show where the warning was created\)\n/g,
    '',
  );
}
