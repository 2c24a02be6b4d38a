/**
 * The dbt-core twin of a synthetic Strata project: the same model SQL, schema YAML and
 * seeds (one plan, written twice), with dbt's own project and profile files around them.
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { planSyntheticProject, type SyntheticPlan } from './synthetic-plan.js';
import {
  syntheticProfile,
  writePlanFiles,
  writeSyntheticProject,
  type SyntheticProjectOptions,
} from './synthetic-project.js';

/** Writes the dbt project (dbt_project.yml, profiles.yml in the project) from `plan`. */
export function writeDbtProject(options: SyntheticProjectOptions, plan: SyntheticPlan): void {
  const { dir } = options;
  writePlanFiles(dir, plan);
  writeFileSync(
    join(dir, 'dbt_project.yml'),
    [
      'name: synthetic',
      "version: '1.0.0'",
      'profile: synthetic',
      "model-paths: ['models']",
      "seed-paths: ['seeds']",
      'models:',
      '  synthetic:',
      `    +materialized: ${options.materialized ?? 'view'}`,
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'profiles.yml'), syntheticProfile(options));
}

/** Where the two projects of a side-by-side pair live. */
export interface ProjectPair {
  strata: string;
  dbt: string;
  plan: SyntheticPlan;
}

/**
 * Writes `<dir>/strata` and `<dir>/dbt` from one plan, each with its own DuckDB file
 * (`warehouse.duckdb`, outside `target/` so clearing `target/` for a cold compile keeps it).
 */
export function writeProjectPair(options: SyntheticProjectOptions): ProjectPair {
  const plan = planSyntheticProject(options);
  const pair = { strata: join(options.dir, 'strata'), dbt: join(options.dir, 'dbt'), plan };
  const shared = { ...options, databasePath: options.databasePath ?? 'warehouse.duckdb' };
  writeSyntheticProject({ ...shared, dir: pair.strata }, plan);
  writeDbtProject({ ...shared, dir: pair.dbt }, plan);
  return pair;
}
