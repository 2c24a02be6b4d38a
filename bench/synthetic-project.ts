/**
 * Writes a synthetic Strata project: `models` models in layers, each reading 1-3
 * earlier models through ref(), half of them with not_null/unique column tests, and a
 * few seeds at the bottom. Deterministic for a given size.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SyntheticProjectOptions {
  dir: string;
  models: number;
  seeds?: number;
  /** materialization of every model */
  materialized?: 'view' | 'table';
  /** share of models with column tests */
  testedShare?: number;
  /** models per folder */
  perFolder?: number;
  /**
   * `deep`: parents are recent models, so chains run hundreds of levels deep (compile).
   * `shallow`: parents come from the first 100 models only, so every view stays trivial
   * to bind (DuckDB expands nested views when it creates one).
   */
  shape?: 'deep' | 'shallow';
}

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function writeSyntheticProject(options: SyntheticProjectOptions): void {
  const { dir, models } = options;
  const seeds = options.seeds ?? 3;
  const perFolder = options.perFolder ?? 100;
  const testedShare = options.testedShare ?? 0.5;
  const random = prng(models);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'seeds'), { recursive: true });
  writeFileSync(join(dir, 'project.yml'), `name: synthetic\nprofile: synthetic\nmodels:\n  synthetic:\n    +materialized: ${options.materialized ?? 'view'}\n`);
  writeFileSync(
    join(dir, 'profiles.yml'),
    "synthetic:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: \"{{ env_var('SYNTHETIC_DUCKDB_PATH', 'target/synthetic.duckdb') }}\"\n      threads: 2\n      schema: main\n",
  );
  for (let s = 0; s < seeds; s++) {
    const rows = Array.from({ length: 20 }, (_, i) => `${i},${s},name_${i}`).join('\n');
    writeFileSync(join(dir, 'seeds', `seed_${s}.csv`), `id,grp,label\n${rows}\n`);
  }
  const folderYaml = new Map<string, string[]>();
  for (let m = 0; m < models; m++) {
    const folder = `folder_${String(Math.floor(m / perFolder)).padStart(3, '0')}`;
    const name = `model_${String(m).padStart(5, '0')}`;
    const parents: string[] = [];
    if (m < seeds) parents.push(`seed_${m}`);
    else {
      const refs = 1 + Math.floor(random() * 3);
      for (let r = 0; r < refs; r++) {
        const parent =
          options.shape === 'shallow'
            ? Math.floor(random() * Math.min(m, 100))
            : // mostly recent parents, so the graph has depth as well as width
              m - 1 - Math.floor(random() * Math.min(m, 50));
        parents.push(`model_${String(parent).padStart(5, '0')}`);
      }
    }
    const unique = [...new Set(parents)];
    const [first, ...rest] = unique;
    const joins = rest.map((p, i) => `join {{ ref('${p}') }} p${i + 1} on p${i + 1}.id = p0.id`).join('\n');
    const sql = `select p0.id, p0.grp, p0.label, ${m} as model_number\nfrom {{ ref('${first}') }} p0\n${joins}\n`;
    mkdirSync(join(dir, 'models', folder), { recursive: true });
    writeFileSync(join(dir, 'models', folder, `${name}.sql`), sql);
    if (random() < testedShare) {
      const entries = folderYaml.get(folder) ?? [];
      entries.push(`  - name: ${name}\n    description: Synthetic model ${m}.\n    columns:\n      - name: id\n        tests: [not_null, unique]\n      - name: grp\n        tests: [not_null]\n`);
      folderYaml.set(folder, entries);
    }
  }
  for (const [folder, entries] of folderYaml) {
    writeFileSync(join(dir, 'models', folder, '_models.yml'), `version: 2\nmodels:\n${entries.join('')}`);
  }
}
