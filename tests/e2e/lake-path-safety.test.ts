import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAKE_MARKER_FILE } from '../../src/materializations/lake-folder-marker.js';
import { tempDir } from '../support/temp-dir.js';
import { strata } from '../support/cli.js';

/**
 * A lake table's `location` tried as a careless or hostile user would write it. For
 * every unsafe one the CLI must stop before any work with one clear message naming the
 * model file, and nothing anywhere may change: the project tree (project.yml, models/,
 * the lake, the DuckDB file) and a folder outside the project a symbolic link leads to
 * are hashed before and after.
 */

const PROJECT = 'name: shop\nprofile: shop\n';
const PROFILES =
  'shop:\n  target: dev\n  outputs:\n    dev: { type: duckdb, path: target/shop.duckdb, schema: main }\n';
const SOURCES =
  'sources:\n  - name: bronze\n    tables:\n      - name: orders\n' +
  '        external: { location: lake/orders, format: jsonl, partitions: [dt] }\n';
const GOOD =
  "{{ config(materialized='table', location='lake/gold/orders') }}\nselect * from {{ source('bronze', 'orders') }}\n";

/** Every entry below `dir` (symbolic links not followed): kind, and content hash or link target. */
function snapshot(dir: string, skip: (path: string) => boolean = () => false): Map<string, string> {
  const entries = new Map<string, string>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      const key = relative(dir, path);
      if (skip(key)) continue;
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) entries.set(key, `link -> ${readlinkSync(path)}`);
      else if (stat.isDirectory()) {
        entries.set(key, 'folder');
        walk(path);
      } else entries.set(key, `file ${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
    }
  };
  walk(dir);
  return entries;
}

describe("lake table locations: nothing outside the model's own folder ever changes", () => {
  let root: string;
  let project: string;
  let outside: string;
  const files = (write: Record<string, string>) => {
    for (const [path, text] of Object.entries(write)) {
      mkdirSync(join(project, path, '..'), { recursive: true });
      writeFileSync(join(project, path), text);
    }
  };
  const everything = () => ({ project: snapshot(project), outside: snapshot(outside) });

  beforeAll(async () => {
    root = tempDir('strata-lake-safety-');
    project = join(root, 'project');
    outside = join(root, 'precious');
    mkdirSync(outside);
    writeFileSync(join(outside, 'keep.txt'), 'not the lake');
    mkdirSync(project);
    files({
      'project.yml': PROJECT,
      'profiles.yml': PROFILES,
      'models/_sources.yml': SOURCES,
      'models/gold_orders.sql': GOOD,
      'lake/orders/dt=2024-01-01/orders+0+0.jsonl': '{"id": 1}\n{"id": 2}\n',
      'lake/rejected/orders/dt=2024-01-01/orders+0+0.jsonl.gz': 'rejected',
    });
    symlinkSync(outside, join(project, 'lake/escape'));
    // a first good build: the DuckDB file, target/ and the model's folder exist
    const first = await strata(['build'], { cwd: project });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(existsSync(join(project, 'lake/gold/orders', LAKE_MARKER_FILE))).toBe(true);
  }, 60_000);

  const absolute = () => join(root, 'elsewhere');
  const unsafe: Array<[string, () => string, RegExp]> = [
    ['empty', () => '', /is empty/],
    ['the project folder', () => '.', /outside the lake root lake\//],
    ['the parent folder', () => '..', /outside the lake root lake\//],
    ['a sibling of the project', () => '../x', /outside the lake root lake\//],
    ['an absolute path outside the lake', () => absolute(), /outside the lake root lake\//],
    ['an absolute path to the project', () => project, /outside the lake root lake\//],
    [
      'a symbolic link out of the lake',
      () => 'lake/escape',
      /leads through a symbolic link to .*precious, outside the lake root/,
    ],
    ['a folder behind a symbolic link out of the lake', () => 'lake/escape/x', /leads through a symbolic link/],
    ['the lake root', () => 'lake', /is the lake root lake\/ itself/],
    ['the lake root, spelled with ..', () => 'lake/gold/..', /is the lake root lake\/ itself/],
    ["a source's location", () => 'lake/orders', /is also the location of source\('bronze', 'orders'\)/],
    [
      "a folder inside a source's location",
      () => 'lake/orders/dt=2024-01-01',
      /lies inside the location of source\('bronze', 'orders'\)/,
    ],
    ["the ingester's rejected records", () => 'lake/rejected', /where the ingester writes rejected records/],
    ['models', () => 'models', /outside the lake root lake\//],
    ['profiles.yml', () => 'profiles.yml', /outside the lake root lake\//],
    ['the DuckDB file', () => 'target/shop.duckdb', /outside the lake root lake\//],
    [
      "another model's folder",
      () => 'lake/gold/orders',
      /is also the location of model 'gold_orders' \(models\/gold_orders\.sql\)/,
    ],
    ["a folder holding another model's", () => 'lake/gold', /holds the location of model 'gold_orders'/],
  ];

  it.each(unsafe)(
    'refuses %s before any work, whatever is selected, and changes nothing',
    async (_, location, message) => {
      const before = everything();
      files({ 'models/victim.sql': `{{ config(materialized='table', location='${location()}') }}\nselect 1 as id\n` });
      try {
        // the victim is not even selected: the whole project is checked when it loads
        const result = await strata(['build', '-s', 'gold_orders'], { cwd: project });
        expect(result.code, result.stderr).toBe(2);
        expect(result.stderr).toMatch(/^Error: models\/victim\.sql:1: Model 'victim' has location/);
        expect(result.stderr).toMatch(message);
        expect(result.stderr).toMatch(
          /\n {2}(A lake table writes only into a folder of its own|Every lake table needs a folder of its own)/,
        );
      } finally {
        rmSync(join(project, 'models/victim.sql'));
      }
      expect(everything()).toEqual(before);
    },
  );

  it('refuses two models sharing a folder-level +location, and changes nothing', async () => {
    const before = everything();
    writeFileSync(
      join(project, 'project.yml'),
      `${PROJECT}models:\n  shop:\n    shared:\n      +materialized: table\n      +location: lake/shared\n`,
    );
    files({ 'models/shared/one.sql': 'select 1 as id\n', 'models/shared/two.sql': 'select 2 as id\n' });
    try {
      const result = await strata(['build'], { cwd: project });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        "Model 'two' has location 'lake/shared', which is also the location of model 'one' (models/shared/one.sql)",
      );
    } finally {
      rmSync(join(project, 'models/shared'), { recursive: true });
      writeFileSync(join(project, 'project.yml'), PROJECT);
    }
    expect(everything()).toEqual(before);
  });

  it('fails a model whose folder in the lake it did not write, and keeps every file', async () => {
    files({ 'lake/handmade/notes.csv': 'a,b\n1,2\n' });
    const before = everything();
    files({ 'models/victim.sql': "{{ config(materialized='table', location='lake/handmade') }}\nselect 1 as id\n" });
    try {
      const result = await strata(['run', '-s', 'victim'], { cwd: project });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(
        'Refusing to replace lake/handmade for model.shop.victim: the folder has no _strata_table.json marker, ' +
          'so Strata did not write it. Nothing was changed.',
      );
    } finally {
      rmSync(join(project, 'models/victim.sql'));
    }
    const after = everything();
    const outsideTarget = (tree: Map<string, string>) =>
      new Map([...tree].filter(([path]) => !path.startsWith('target')));
    expect(outsideTarget(after.project)).toEqual(outsideTarget(before.project));
    expect(after.outside).toEqual(before.outside);
  });

  it('rebuilds a lake table, changing only its own folder', async () => {
    const notOwn = (path: string) =>
      path.startsWith('target') || path === 'lake/gold/orders' || path.startsWith('lake/gold/orders/');
    const before = {
      project: snapshot(project, notOwn),
      outside: snapshot(outside),
      own: snapshot(join(project, 'lake/gold/orders')),
    };
    const result = await strata(['run'], { cwd: project });
    expect(result.code, result.stdout).toBe(0);
    expect(snapshot(project, notOwn)).toEqual(before.project);
    expect(snapshot(outside)).toEqual(before.outside);
    // the folder itself was rebuilt: a new marker (build id), the same Parquet rows
    expect(snapshot(join(project, 'lake/gold/orders')).get(LAKE_MARKER_FILE)).not.toEqual(
      before.own.get(LAKE_MARKER_FILE),
    );
  });
});
