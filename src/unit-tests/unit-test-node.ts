/**
 * A dbt unit test (`unit_tests:` in schema YAML): a model run on fixed input rows, its
 * output compared with the expected rows. Built by `parser/phases/unit-tests.ts`, run by
 * `execution/runners/unit-test-runner.ts`.
 */
import type { NodeConfig, Origin } from '../manifest/types.js';

/** How rows are written: a list of maps, CSV text, or a SQL query. */
export type RowsFormat = 'dict' | 'csv' | 'sql';

/** Rows as the YAML gives them: maps (dict and csv formats) or a query (sql format). */
export type FixtureRows =
  { format: 'dict' | 'csv'; rows: Array<Record<string, unknown>> } | { format: 'sql'; sql: string };

/** One `given:` entry: the rows an input of the model reads instead of its relation. */
export interface GivenInput {
  /** as written: `ref('orders')`, `source('shop', 'orders')` or `this` */
  input: string;
  /** unique id of the model, seed or source it stands for; the tested model itself for `this` */
  nodeId: string;
  /** the name the model's SQL reads it by: the CTE's name */
  cteName: string;
  rows: FixtureRows;
  /** the fixture file's name (`fixture:`), when the rows come from one */
  fixture?: string;
  line: number;
}

/** What the test overrides while the model renders (dbt's `overrides:`). */
export interface UnitTestOverrides {
  /** macro name (`is_incremental`, `dbt_utils.star`) -> the value a call returns */
  macros: Record<string, unknown>;
  vars: Record<string, unknown>;
  envVars: Record<string, string>;
}

export interface UnitTestNode {
  uniqueId: string;
  name: string;
  resourceType: 'unit_test';
  packageName: string;
  /** [project, model, test], as dbt's */
  fqn: string[];
  origin: Origin;
  description: string;
  tags: string[];
  meta: Record<string, unknown>;
  /** the tested model's name and unique id */
  model: string;
  modelId: string;
  given: GivenInput[];
  expect: FixtureRows & { fixture?: string };
  overrides: UnitTestOverrides;
  /** `versions:` as written (include/exclude), kept for manifest.json */
  versions?: Record<string, unknown>;
  config: NodeConfig;
  /** sha256 of the YAML entry, for `state:modified` */
  checksum: string;
  /** the tested model: the graph places the test below it, as dbt does */
  dependsOn: string[];
}
