/**
 * The tool-neutral part of a synthetic project: model SQL, schema YAML with column tests,
 * and seed CSVs, as relative paths and contents. Strata and dbt read these files alike
 * (`{{ ref() }}`, `data_tests:`), so one plan written under both tools' project files
 * gives the same work to each. Deterministic for a given set of options.
 */
import { macroColumns, SYNTHETIC_MACRO_FILES } from './synthetic-macros.js';

export interface SyntheticPlanOptions {
  models: number;
  seeds?: number;
  /** share of models with column tests (ignored when `dataTests` is set) */
  testedShare?: number;
  /**
   * Exactly this many column tests, three per model (`id` not_null and unique, `grp`
   * not_null) from the first model on, so a test benchmark has a round number of tests.
   */
  dataTests?: number;
  /** models per folder */
  perFolder?: number;
  /**
   * `deep`: parents are recent models, so chains run hundreds of levels deep (compile).
   * `shallow`: parents come from the first 100 models only, so every view stays trivial
   * to bind (DuckDB expands nested views when it creates one).
   */
  shape?: 'deep' | 'shallow';
  /** every model also calls dbt_utils-style project macros (`synthetic-macros.ts`) */
  macros?: boolean;
}

/** What a plan holds: files to write, and the nodes they declare (for checks). */
export interface SyntheticPlan {
  /** relative path (`models/...`, `seeds/...`) -> content */
  files: Map<string, string>;
  models: string[];
  seeds: string[];
  /** generic test names as both tools name them, e.g. `not_null_model_00012_id` */
  tests: string[];
}

/** The column tests a model may carry, in the order `dataTests` hands them out. */
const COLUMN_TESTS = [
  { column: 'id', test: 'not_null' },
  { column: 'id', test: 'unique' },
  { column: 'grp', test: 'not_null' },
] as const;

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

/** Name of model number `m`, zero-padded so files sort in model order. */
export function syntheticModelName(m: number): string {
  return `model_${String(m).padStart(5, '0')}`;
}

/**
 * Plans `models` models in folders, each reading 1-3 earlier models through ref() and
 * joining them on `id`, and a few seeds at the bottom. Seeds have different row counts
 * (20, 27, 34, ...) so a model's row count depends on which parents it joins: a row count
 * check after a run then says something about the SQL each tool ran.
 */
export function planSyntheticProject(options: SyntheticPlanOptions): SyntheticPlan {
  const { models } = options;
  const seeds = options.seeds ?? 3;
  const perFolder = options.perFolder ?? 100;
  const testedShare = options.testedShare ?? 0.5;
  const random = prng(models);
  const plan: SyntheticPlan = { files: new Map(), models: [], seeds: [], tests: [] };
  for (let s = 0; s < seeds; s++) {
    const rows = Array.from({ length: 20 + 7 * s }, (_, i) => `${i},${s},name_${i}`).join('\n');
    plan.files.set(`seeds/seed_${s}.csv`, `id,grp,label\n${rows}\n`);
    plan.seeds.push(`seed_${s}`);
  }
  if (options.macros) for (const [path, content] of SYNTHETIC_MACRO_FILES) plan.files.set(path, content);
  const folderYaml = new Map<string, string[]>();
  for (let m = 0; m < models; m++) {
    const folder = `folder_${String(Math.floor(m / perFolder)).padStart(3, '0')}`;
    const name = syntheticModelName(m);
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
        parents.push(syntheticModelName(parent));
      }
    }
    const unique = [...new Set(parents)];
    const [first, ...rest] = unique;
    const joins = rest.map((p, i) => `join {{ ref('${p}') }} p${i + 1} on p${i + 1}.id = p0.id`).join('\n');
    const columns = [`p0.id, p0.grp, p0.label, ${m} as model_number`];
    if (options.macros) columns.push(...macroColumns(m, folder, unique.length));
    plan.files.set(
      `models/${folder}/${name}.sql`,
      `select ${columns.join(',\n  ')}\nfrom {{ ref('${first}') }} p0\n${joins}\n`,
    );
    plan.models.push(name);
    // Drawn even when `dataTests` decides, so the graph is the same with or without tests.
    const drawn = random() < testedShare;
    const tests =
      options.dataTests === undefined
        ? drawn
          ? COLUMN_TESTS.length
          : 0
        : Math.max(0, Math.min(3, options.dataTests - 3 * m));
    if (tests > 0) {
      const entries = folderYaml.get(folder) ?? [];
      entries.push(modelYaml(name, m, COLUMN_TESTS.slice(0, tests)));
      folderYaml.set(folder, entries);
      for (const { column, test } of COLUMN_TESTS.slice(0, tests)) plan.tests.push(`${test}_${name}_${column}`);
    }
  }
  for (const [folder, entries] of folderYaml)
    plan.files.set(`models/${folder}/_models.yml`, `version: 2\nmodels:\n${entries.join('')}`);
  return plan;
}

function modelYaml(name: string, m: number, tests: ReadonlyArray<{ column: string; test: string }>): string {
  const columns = [...new Set(tests.map((t) => t.column))].map((column) => {
    const names = tests.filter((t) => t.column === column).map((t) => t.test);
    return `      - name: ${column}\n        data_tests: [${names.join(', ')}]\n`;
  });
  return `  - name: ${name}\n    description: Synthetic model ${m}.\n    columns:\n${columns.join('')}`;
}
