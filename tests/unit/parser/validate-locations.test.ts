import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSession } from '../../../src/execution/session.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

const DUCKDB = 'shop:\n  target: dev\n  outputs:\n    dev: { type: duckdb, path: target/shop.duckdb, schema: main }\n';
const ATHENA = [
  'shop:',
  '  target: dev',
  '  outputs:',
  '    dev:',
  '      type: athena',
  '      schema: shop',
  '      s3_staging_dir: s3://results/athena/',
  '      s3_data_dir: s3://lakehouse/tables/',
].join('\n');
const SOURCES = [
  'sources:',
  '  - name: bronze',
  '    tables:',
  '      - name: orders',
  '        external: { location: lake/orders, format: jsonl }',
  '      - name: remote',
  '        external: { location: s3://lakehouse/bronze/remote/, format: jsonl }',
].join('\n');

/** A project whose models are `name -> SQL`, loaded as every command loads it. */
function load(
  models: Record<string, string>,
  options: { profiles?: string; projectYml?: string; setup?: (root: string) => void } = {},
) {
  const files: Record<string, string> = {
    'project.yml': options.projectYml ?? 'name: shop\n',
    'profiles.yml': options.profiles ?? DUCKDB,
    'models/_sources.yml': SOURCES,
  };
  for (const [name, sql] of Object.entries(models)) files[`models/${name}.sql`] = sql;
  const root = tempProject(files);
  options.setup?.(root);
  return () => loadSession({ projectDir: root, profilesDir: root });
}

const lakeTable = (location: string) =>
  `-- a lake table\n{{ config(materialized='table', location='${location}') }}\nselect 1 as id\n`;

describe('lake locations, checked for the whole project when it loads', () => {
  it('accepts folders of their own below the lake root, and ignores location on views', () => {
    expect(() =>
      load({
        a: lakeTable('lake/silver/a'),
        b: lakeTable('./lake/silver/../b/'),
        v: "{{ config(location='.') }}\nselect 1 as id\n",
      })(),
    ).not.toThrow();
  });

  it.each([
    ['', /which is empty and would name the project folder itself/],
    ['.', /resolves to .*, outside the lake root lake\//],
    ['..', /outside the lake root lake\//],
    ['../x', /outside the lake root lake\//],
    ['/tmp/strata-elsewhere', /resolves to \/tmp\/strata-elsewhere, outside the lake root lake\//],
    ['lake', /which is the lake root lake\/ itself/],
    ['lake/', /which is the lake root lake\/ itself/],
    ['lake/../models', /resolves to models, outside the lake root/],
    ['models', /resolves to models, outside the lake root/],
    ['profiles.yml', /outside the lake root/],
    ['lake/rejected/orders', /inside lake\/rejected\/, where the ingester writes rejected records/],
    ['lake/_generator', /folders starting with "_" or "." are kept for the lake's own files/],
    ['lake/.strata-tmp/x', /folders starting with "_" or "." are kept for the lake's own files/],
    ['lake/a.__strata_tmp', /uses "__strata_"/],
    [
      'lake/orders',
      /which is also the location of source\('bronze', 'orders'\) \(models\/_sources\.yml:4\): 'lake\/orders'/,
    ],
    ['lake/orders/daily', /which lies inside the location of source\('bronze', 'orders'\)/],
    ['gs://bucket/x', /is a URL/],
  ])('refuses location %j, naming the model file, its line and the fix', (location, message) => {
    const error = expectStrataError(load({ bad: lakeTable(location) }), { file: 'models/bad.sql', line: 2, message });
    expect(error.message).toMatch(/^Model 'bad' has location/);
    expect(error.hint).toMatch(
      new RegExp(
        'strictly below the lake root lake/ \\("lake-path" in project\\.yml\\): ' +
          "set location to e\\.g\\. 'lake/bad'|a folder of its own",
      ),
    );
  });

  it('refuses an S3 location on DuckDB, showing how to keep it for Athena', () => {
    expectStrataError(load({ bad: lakeTable('s3://lakehouse/x/') }), {
      file: 'models/bad.sql',
      line: 2,
      message:
        "Model 'bad' has location 's3://lakehouse/x/', " +
        'which is on S3, but duckdb writes lake tables into the local lake',
      hint:
        'Use a folder below lake/ on duckdb, ' +
        "e.g. location=('s3://lakehouse/x/' if target.type == 'athena' else 'lake/bad').",
    });
  });

  it('refuses a location that leads out of the lake through a symbolic link, or onto the root through one', () => {
    const outside = (root: string) => {
      fs.mkdirSync(path.join(root, 'lake'));
      fs.mkdirSync(path.join(root, 'precious'));
      fs.symlinkSync(path.join(root, 'precious'), path.join(root, 'lake/out'));
      fs.symlinkSync(path.join(root, 'lake'), path.join(root, 'lake/loop'));
    };
    expectStrataError(load({ bad: lakeTable('lake/out/x') }, { setup: outside }), {
      message: /leads through a symbolic link to .*\/precious\/x, outside the lake root lake\//,
    });
    expectStrataError(load({ bad: lakeTable('lake/out') }, { setup: outside }), {
      message: /leads through a symbolic link to .*\/precious, outside/,
    });
    expectStrataError(load({ bad: lakeTable('lake/loop') }, { setup: outside }), {
      message: /leads through a symbolic link to .*\/lake, outside/,
    });
    expectStrataError(load({ bad: lakeTable('lake/loop/orders') }, { setup: outside }), {
      message: /which lies inside the location of source\('bronze', 'orders'\)|is also the location of source/,
    });
  });

  it('follows a symbolic link whose target does not exist yet', () => {
    const dangling = (root: string) => {
      fs.mkdirSync(path.join(root, 'lake'));
      fs.symlinkSync(path.join(root, 'nowhere/deeper'), path.join(root, 'lake/dangling'));
      fs.symlinkSync('../lake/inside', path.join(root, 'lake/relative'));
    };
    expectStrataError(load({ bad: lakeTable('lake/dangling/x') }, { setup: dangling }), {
      message: /leads through a symbolic link to .*\/nowhere\/deeper\/x, outside/,
    });
    expect(() => load({ ok: lakeTable('lake/relative') }, { setup: dangling })()).not.toThrow();
  });

  it('follows a lake root that is itself a symbolic link', () => {
    const linked = (root: string) => {
      fs.mkdirSync(path.join(root, 'disk'));
      fs.symlinkSync(path.join(root, 'disk'), path.join(root, 'lake'));
    };
    expect(() => load({ a: lakeTable('lake/a') }, { setup: linked })()).not.toThrow();
  });

  it('uses the lake root set by lake-path', () => {
    const projectYml = 'name: shop\nlake-path: data/lake\n';
    expect(() => load({ a: lakeTable('data/lake/a') }, { projectYml })()).not.toThrow();
    expectStrataError(load({ a: lakeTable('lake/a') }, { projectYml }), {
      message: /outside the lake root data\/lake\//,
      hint: /e\.g\. 'data\/lake\/a'/,
    });
  });

  it('refuses two models writing to the same folder, or one inside the other, naming both', () => {
    expectStrataError(load({ a: lakeTable('lake/shared'), b: lakeTable('lake/shared/') }), {
      file: 'models/b.sql',
      message:
        "Model 'b' has location 'lake/shared/', which is also the location of model 'a' (models/a.sql): 'lake/shared'",
      hint: /a folder of its own that no other model or source uses/,
    });
    expectStrataError(load({ a: lakeTable('lake/gold'), b: lakeTable('lake/gold/b') }), {
      message: /which lies inside the location of model 'a'/,
    });
    expect(() => load({ a: lakeTable('lake/gold'), b: lakeTable('lake/golden') })()).not.toThrow();
  });

  it('refuses a folder-level +location that several lake tables would share, whatever is selected', () => {
    const projectYml = 'name: shop\nmodels:\n  shop:\n    +materialized: table\n    +location: lake/marts\n';
    const error = expectStrataError(load({ a: 'select 1 as id\n', b: 'select 2 as id\n' }, { projectYml }), {
      file: 'models/b.sql',
      message: /Model 'b' has location 'lake\/marts', which is also the location of model 'a'/,
    });
    expect(error.location?.line).toBeUndefined();
  });

  describe('on S3 (Athena)', () => {
    const athena = (location: string, others: Record<string, string> = {}) =>
      load({ ...others, bad: lakeTable(location) }, { profiles: ATHENA });

    it('accepts prefixes of their own, and a local location it does not use', () => {
      expect(() =>
        athena('s3://lakehouse/custom/bad/', { a: lakeTable('s3://lakehouse/custom/a'), b: lakeTable('lake/b') })(),
      ).not.toThrow();
    });

    it.each([
      ['s3://lakehouse', /is the whole bucket lakehouse/],
      ['s3://lakehouse/', /is the whole bucket lakehouse/],
      ['s3://Not_A_Bucket/x', /is not an s3:\/\/bucket\/prefix\/ URI/],
      ['s3://lakehouse/a/../b/', /has an empty, "\." or "\.\." part/],
      ['s3://lakehouse/a//b/', /has an empty, "\." or "\.\." part/],
      ['s3://lakehouse/', /whole bucket/],
      ['s3://lakehouse/tables', /holds s3_data_dir of target 'dev' \(s3:\/\/lakehouse\/tables\/\)/],
      ['s3://results/', /whole bucket/],
      ['s3://results/athena/', /holds s3_staging_dir of target 'dev'/],
      ['s3://lakehouse/bronze/', /which holds the location of source\('bronze', 'remote'\)/],
      ['s3://lakehouse/bronze/remote/day/', /which lies inside the location of source\('bronze', 'remote'\)/],
    ])('refuses %j', (location, message) => {
      expectStrataError(athena(location), {
        file: 'models/bad.sql',
        line: 2,
        message,
        hint: new RegExp(
          "a folder of its own|An s3:// location is a prefix of the model's own inside a bucket, " +
            "e\\.g\\. 's3://(lakehouse|results|bucket)/lake/bad/'",
        ),
      });
    });

    it('refuses two models sharing or nesting an S3 location', () => {
      expectStrataError(athena('s3://lakehouse/custom/a/', { a: lakeTable('s3://lakehouse/custom/a') }), {
        message: /which is also the location of model 'a'/,
      });
      expectStrataError(athena('s3://lakehouse/custom/', { a: lakeTable('s3://lakehouse/custom/a') }), {
        message: /which holds the location of model 'a'/,
      });
    });
  });
});
