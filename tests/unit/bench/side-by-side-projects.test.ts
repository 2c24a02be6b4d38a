import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { assertSame } from '../../../bench/compare-warehouses.js';
import { writeProjectPair } from '../../../bench/dbt-project.js';
import { planSyntheticProject } from '../../../bench/synthetic-plan.js';
import { Compiler } from '../../../src/compile/compiler.js';
import { loadSession } from '../../../src/execution/session.js';
import type { ModelNode } from '../../../src/manifest/types.js';

const root = mkdtempSync(join(tmpdir(), 'strata-pair-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every file under `dir` with its content, keyed by relative path. */
function tree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      files.set(
        relative(dir, join(entry.parentPath, entry.name)),
        readFileSync(join(entry.parentPath, entry.name), 'utf8'),
      );
  }
  return files;
}

describe('side-by-side synthetic projects', () => {
  const pair = writeProjectPair({ dir: root, models: 120, dataTests: 100, materialized: 'table', perFolder: 50 });

  it('gives dbt byte-identical models, schema YAML and seeds', () => {
    const strata = tree(pair.strata);
    const dbt = tree(pair.dbt);
    const shared = (files: Map<string, string>) =>
      new Map([...files].filter(([path]) => path.startsWith('models/') || path.startsWith('seeds/')));
    expect(shared(dbt)).toEqual(shared(strata));
    // models, seeds, one _models.yml (the tested first 34 models share a folder)
    expect(shared(strata).size).toBe(120 + 3 + 1);
    expect(dbt.get('profiles.yml')).toBe(strata.get('profiles.yml'));
  });

  it('configures both projects with the same name, profile and materialization', () => {
    const strata = parseYaml(readFileSync(join(pair.strata, 'project.yml'), 'utf8'));
    const dbt = parseYaml(readFileSync(join(pair.dbt, 'dbt_project.yml'), 'utf8'));
    for (const project of [strata, dbt]) {
      expect(project).toMatchObject({
        name: 'synthetic',
        profile: 'synthetic',
        models: { synthetic: { '+materialized': 'table' } },
      });
    }
  });

  it('declares exactly the planned nodes, as Strata parses them', () => {
    const session = loadSession({ projectDir: pair.strata });
    const parsed = [...session.parsed.manifest.nodes.values()].map((node) =>
      node.resourceType === 'model'
        ? `${node.uniqueId} ${node.config.materialized}`
        : node.uniqueId.replace(/\.[0-9a-f]{10}$/, ''),
    );
    const planned = [
      ...pair.plan.models.map((m) => `model.synthetic.${m} table`),
      ...pair.plan.seeds.map((s) => `seed.synthetic.${s}`),
      ...pair.plan.tests.map((t) => `test.synthetic.${t}`),
    ];
    expect(parsed.sort()).toEqual(planned.sort());
    expect(pair.plan.tests).toHaveLength(100);
  });

  it('keeps the graph of a size whatever the tests', () => {
    const withTests = planSyntheticProject({ models: 300, dataTests: 1000 });
    const withoutTests = planSyntheticProject({ models: 300, testedShare: 0 });
    const sql = (files: Map<string, string>) => [...files].filter(([path]) => path.endsWith('.sql'));
    expect(sql(withTests.files)).toEqual(sql(withoutTests.files));
    expect(withTests.tests).toHaveLength(3 * 300); // fewer models than tests asked: three each
  });
});

describe('the macro-calling variant', () => {
  const pair = writeProjectPair({ dir: join(root, 'macros'), models: 12, macros: true });

  it('gives both tools the same macros, and every model calls them', () => {
    const macros = (dir: string) => new Map([...tree(dir)].filter(([path]) => path.startsWith('macros/')));
    expect(macros(pair.dbt)).toEqual(macros(pair.strata));
    expect(macros(pair.strata).size).toBeGreaterThan(0);
    for (const model of pair.plan.models) {
      expect(readFileSync(join(pair.strata, 'models/folder_000', `${model}.sql`), 'utf8')).toContain('row_key([');
    }
  });

  it('compiles on Strata to the SQL the macros spell out', () => {
    const session = loadSession({ projectDir: pair.strata });
    const node = session.parsed.manifest.nodes.get('model.synthetic.model_00005')!;
    const sql = new Compiler(session.parsed).compile(node as ModelNode).replace(/\s+/g, ' ');
    const key = (column: string) => `coalesce(cast(p0.${column} as varchar), '_null_')`;
    expect(sql).toContain(`md5(${key('id')} || '-' || ${key('grp')}) as row_key`);
    expect(sql).toContain('case when p0.grp = 2 then 1 else 0 end as grp_is_2 ,');
    expect(sql).toContain("coalesce(p0.label, 'unknown') as label_or_unknown");
    expect(sql).toMatch(/'model 5' \|\| ' ' \|\| 'folder=folder_000' \|\| ' ' \|\| 'parents=\d' as description/);
  });
});

describe('assertSame', () => {
  it('names each difference and what neither tool built', () => {
    const dbt = new Map([
      ['a', 1],
      ['b', 2],
    ]);
    const strata = new Map([
      ['a', 1],
      ['b', 3],
      ['c', 4],
    ]);
    expect(() => assertSame('row counts', dbt, strata, ['dbt', 'Strata'], ['a', 'z'])).toThrow(
      new RegExp(
        [
          'row counts differ between dbt and Strata; no time reported:',
          ' {2}expected but built by neither: z',
          ' {2}b: dbt 2, Strata 3',
          ' {2}c: dbt missing, Strata 4',
        ].join('\n'),
      ),
    );
    expect(() => assertSame('row counts', dbt, new Map(dbt), ['dbt', 'Strata'], ['a'])).not.toThrow();
  });
});
