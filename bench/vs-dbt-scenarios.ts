/**
 * The work `bench/vs-dbt.ts` times, tool by tool: which synthetic project, what is run
 * once before timing, what is timed, what is reset before each timed run, and how the
 * two tools' results are checked to be the same.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertSame,
  readCompiledModels,
  readManifestNodes,
  readRelationCounts,
  readResultStatuses,
} from './compare-warehouses.js';
import type { ProjectPair } from './dbt-project.js';
import type { SyntheticProjectOptions } from './synthetic-project.js';

/** One row of the results table. */
export interface Scenario {
  id: string;
  /** the table's description of the work */
  work: string;
  /** the project both tools get; scenarios with the same `projectKey` share one pair */
  projectKey: string;
  project: Omit<SyntheticProjectOptions, 'dir'>;
  /** commands run once per tool before the timed runs, untimed */
  setup: string[][];
  /** skip `setup` for a tool whose project already passes this check */
  setupDone?: (projectDir: string) => boolean;
  timed: string[];
  /** run before every timed run, untimed (e.g. set target/ aside for a cold compile) */
  prepare?: (projectDir: string) => void;
  /** run once after the timed runs and the check, untimed (e.g. delete what `prepare` set aside) */
  cleanup?: (projectDir: string) => void;
  /** throws when the two tools' results differ */
  verify: (pair: ProjectPair) => Promise<void>;
  /** compared figures: view runs are the 5x target, compile at 2,000 the 20x one */
  target?: number;
}

const TOOLS: [string, string] = ['dbt', 'Strata'];

/** Where `setTargetAside` moves a project's earlier target/ folders: beside the project, same file system. */
const asideDir = (projectDir: string) => `${projectDir}.aside`;

/**
 * Makes a compile cold for either tool: target/ is moved aside, not deleted. On ext4,
 * creating thousands of files right after thousands were deleted costs seconds of kernel
 * time, which would time the previous run's cleanup instead of the compile; the moved
 * folders are deleted by `deleteSetAside` after the scenario's timed runs.
 */
function setTargetAside(projectDir: string): void {
  const target = join(projectDir, 'target');
  if (!existsSync(target)) return;
  const aside = asideDir(projectDir);
  mkdirSync(aside, { recursive: true });
  renameSync(target, join(aside, `target-${readdirSync(aside).length}`));
}

const deleteSetAside = (projectDir: string) => rmSync(asideDir(projectDir), { recursive: true, force: true });

/** Same nodes (models with their materialization, seeds, tests) in both manifests. */
async function sameManifest(pair: ProjectPair): Promise<void> {
  const expected = [
    ...pair.plan.models.map((m) => `model.synthetic.${m}`),
    ...pair.plan.seeds.map((s) => `seed.synthetic.${s}`),
    ...pair.plan.tests.map((t) => `test.synthetic.${t}`),
  ];
  assertSame('manifest nodes', readManifestNodes(pair.dbt), readManifestNodes(pair.strata), TOOLS, expected);
}

/** Same relations with the same row counts in both DuckDB files, and every model and seed built. */
async function sameWarehouse(pair: ProjectPair): Promise<void> {
  const dbt = await readRelationCounts(join(pair.dbt, 'warehouse.duckdb'));
  const strata = await readRelationCounts(join(pair.strata, 'warehouse.duckdb'));
  assertSame('relations and row counts', dbt, strata, TOOLS, [...pair.plan.models, ...pair.plan.seeds]);
}

/** Both tools report every node of their last command as passed, and the same count. */
function allPassed(pair: ProjectPair, expected: number): void {
  for (const [name, dir] of [
    ['dbt', pair.dbt],
    ['Strata', pair.strata],
  ] as const) {
    const statuses = readResultStatuses(dir);
    const ok = (statuses.get('pass') ?? 0) + (statuses.get('success') ?? 0);
    if (ok !== expected) {
      throw new Error(
        `${name} passed ${ok} of ${expected} nodes (${JSON.stringify(Object.fromEntries(statuses))}); no time reported`,
      );
    }
  }
}

/**
 * Same models compiled to the same SQL (up to whitespace) by both tools. dbt-duckdb names
 * relations with the database (the file's name); Strata leaves the default database out.
 */
async function sameCompiledSql(pair: ProjectPair): Promise<void> {
  await sameManifest(pair);
  const models = pair.plan.models.map((m) => `model.synthetic.${m}`);
  const dbt = new Map([...readCompiledModels(pair.dbt)].map(([id, sql]) => [id, sql.replaceAll('"warehouse".', '')]));
  assertSame('compiled SQL', dbt, readCompiledModels(pair.strata), TOOLS, models);
}

/**
 * Cold and warm compiles of `models` models; with `macros`, every model also calls
 * dbt_utils-style macros, so each one is rendered by the template engine.
 */
function compileScenarios(models: number, macros = false): Scenario[] {
  const project = { models, macros };
  const variant = macros ? 'macros-' : '';
  const shared = {
    projectKey: `compile-${variant}${models}`,
    project,
    timed: ['compile'],
    verify: macros ? sameCompiledSql : sameManifest,
    target: models === 2000 ? 20 : undefined,
  };
  const size = models.toLocaleString('en-US');
  const what = macros ? `${size} models calling dbt_utils-style macros` : `${size} models`;
  return [
    {
      ...shared,
      id: `compile-${variant}${models}-cold`,
      work: `compile, ${what}, cold (no target/)`,
      setup: [],
      prepare: setTargetAside,
      cleanup: deleteSetAside,
    },
    {
      ...shared,
      id: `compile-${variant}${models}-warm`,
      work: `compile, ${what}, warm (target/ kept)`,
      setup: [['compile']],
      // after the cold runs target/ is already warm; a 10,000-model dbt compile takes minutes
      setupDone: (dir) => existsSync(join(dir, 'target', 'manifest.json')),
    },
  ];
}

/**
 * Every scenario in table order; `sizes` are the compile sizes. Compiles of 10,000 models
 * and more come last: they take dbt the longest, and every row before them is printed as
 * soon as it is measured.
 */
export function allScenarios(sizes: readonly number[]): Scenario[] {
  const large = (models: number) => models >= 10_000;
  return [
    ...sizes.filter((m) => !large(m)).flatMap((m) => compileScenarios(m)),
    ...compileScenarios(2000, true),
    {
      id: 'run-views-1000',
      work: 'run, 1,000 views',
      projectKey: 'views-1000',
      project: { models: 1000, testedShare: 0, shape: 'shallow', materialized: 'view' },
      setup: [['seed'], ['run']],
      timed: ['run'],
      verify: async (pair) => {
        allPassed(pair, 1000);
        await sameWarehouse(pair);
      },
      target: 5,
    },
    {
      id: 'run-tables-200',
      work: 'run, 200 tables',
      projectKey: 'tables-200',
      project: { models: 200, testedShare: 0, materialized: 'table' },
      setup: [['seed'], ['run']],
      timed: ['run'],
      verify: async (pair) => {
        allPassed(pair, 200);
        await sameWarehouse(pair);
      },
    },
    {
      id: 'test-1000',
      work: 'test, 1,000 data tests on 334 views',
      projectKey: 'tests-1000',
      project: { models: 400, dataTests: 1000, shape: 'shallow', materialized: 'view' },
      setup: [['seed'], ['run']],
      timed: ['test'],
      verify: async (pair) => {
        allPassed(pair, 1000);
        await sameWarehouse(pair);
      },
    },
    ...sizes.filter(large).flatMap((m) => compileScenarios(m)),
  ];
}
