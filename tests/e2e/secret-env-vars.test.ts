import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, queryDuckDb, strata, type CliResult } from '../support/cli.js';

// A value that shows up everywhere once it is the target schema: log lines, relation
// names in manifest.json and run_results.json, compiled and run SQL, the docs page, and
// the database's own error message for the failing model below.
const SECRET = 'sekrit_7f3a9c';
const ENV = { STRATA_ENV_SECRET_SCHEMA: SECRET };

const PROFILE = `basic:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: warehouse.duckdb
      threads: 2
      schema: "{{ env_var('STRATA_ENV_SECRET_SCHEMA') }}"
`;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('a secret environment variable used in profiles.yml', () => {
  let dir: string;
  const runs: Array<{ args: string[]; result: CliResult }> = [];

  beforeAll(async () => {
    dir = copyFixture('basic');
    writeFileSync(join(dir, 'profiles.yml'), PROFILE);
    // fails at run time with a database error that quotes the secret
    writeFileSync(
      join(dir, 'models/staging/leaky_failure.sql'),
      "{{ config(materialized='table') }}select cast('{{ this.schema }}' as integer) as n\n",
    );
    for (const args of [
      ['build'],
      ['compile'],
      ['ls', '--output', 'json'],
      ['docs', 'generate'],
      ['show', '-s', 'stg_customers', '--limit', '1'],
    ]) {
      runs.push({ args, result: await strata(args, { cwd: dir, env: ENV }) });
    }
  }, 120_000);

  it('is used: the models are built in the schema it names', async () => {
    expect(runs[0]!.result.code).toBe(1);
    const schemas = await queryDuckDb(
      join(dir, 'warehouse.duckdb'),
      `select distinct table_schema from information_schema.tables where table_schema like '${SECRET}%' order by 1`,
    );
    expect(schemas).toEqual(expect.arrayContaining([{ table_schema: SECRET }, { table_schema: `${SECRET}_marts` }]));
  });

  it('never appears in the output of any command, where it is masked', () => {
    for (const { args, result } of runs) {
      const command = `strata ${args.join(' ')} exit ${result.code}`;
      const output = `${command}\n--- stderr\n${result.stderr}--- stdout\n${result.stdout}`;
      expect(output).not.toContain(SECRET);
      expect(output, output).not.toContain('Internal error');
    }
    const build = runs[0]!.result.stdout;
    expect(build).toMatch(/OK created sql table model \*\*\*\*\*_marts\.customer_revenue/);
    expect(build).toMatch(/ERROR .*leaky_failure/);
  });

  it('never appears in a file under target/, where it is masked', () => {
    const files = filesUnder(join(dir, 'target'));
    expect(files.map((file) => relative(dir, file))).toEqual(
      expect.arrayContaining([
        'target/manifest.json',
        'target/run_results.json',
        'target/catalog.json',
        'target/index.html',
      ]),
    );
    for (const file of files) {
      expect(relative(dir, file)).not.toContain(SECRET);
      expect(readFileSync(file, 'latin1'), file).not.toContain(SECRET);
    }
    const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')) as {
      results: Array<{ unique_id: string; message: string | null }>;
    };
    const failure = results.results.find((result) => result.unique_id === 'model.basic.leaky_failure');
    expect(failure?.message).toContain('*****');
  });
});
