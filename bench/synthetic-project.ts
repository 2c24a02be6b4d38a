/**
 * Writes a synthetic Strata project: `models` models in layers, each reading 1-3
 * earlier models through ref(), half of them with not_null/unique column tests, and a
 * few seeds at the bottom. Deterministic for a given size.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { planSyntheticProject, type SyntheticPlan, type SyntheticPlanOptions } from './synthetic-plan.js';

export interface SyntheticProjectOptions extends SyntheticPlanOptions {
  dir: string;
  /** materialization of every model */
  materialized?: 'view' | 'table';
  /** threads in the profile */
  threads?: number;
  /** DuckDB file, relative to the project (default `target/synthetic.duckdb`, overridable by $SYNTHETIC_DUCKDB_PATH) */
  databasePath?: string;
}

/** Writes a plan's models, YAML and seeds under `dir` (emptied first). */
export function writePlanFiles(dir: string, plan: SyntheticPlan): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [path, content] of plan.files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** The DuckDB profile both tools read: their profiles.yml formats agree for DuckDB. */
export function syntheticProfile(options: Pick<SyntheticProjectOptions, 'threads' | 'databasePath'>): string {
  const path = options.databasePath ?? "{{ env_var('SYNTHETIC_DUCKDB_PATH', 'target/synthetic.duckdb') }}";
  return [
    'synthetic:',
    '  target: dev',
    '  outputs:',
    '    dev:',
    '      type: duckdb',
    `      path: "${path}"`,
    `      threads: ${options.threads ?? 2}`,
    '      schema: main',
    '',
  ].join('\n');
}

/** Writes the Strata project and returns the plan it was written from. */
export function writeSyntheticProject(
  options: SyntheticProjectOptions,
  plan = planSyntheticProject(options),
): SyntheticPlan {
  const { dir } = options;
  writePlanFiles(dir, plan);
  writeFileSync(
    join(dir, 'project.yml'),
    [
      'name: synthetic',
      'profile: synthetic',
      'models:',
      '  synthetic:',
      `    +materialized: ${options.materialized ?? 'view'}`,
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'profiles.yml'), syntheticProfile(options));
  return plan;
}
