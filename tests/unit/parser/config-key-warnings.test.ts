import { describe, expect, it } from 'vitest';
import { loadSession } from '../../../src/execution/session.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

const PROFILES =
  'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      schema: main\n      keep_open: true\n';

/** Parse a project made of `files`, project.yml and profiles.yml. */
function parse(files: Record<string, string>, projectYml = 'name: shop\n') {
  const projectDir = tempProject({ 'project.yml': projectYml, 'profiles.yml': PROFILES, ...files });
  return () => loadSession({ projectDir, profilesDir: projectDir });
}

const SCHEMA = (testConfig: string) =>
  [
    'version: 2',
    'models:',
    '  - name: orders',
    '    columns:',
    '      - name: id',
    '        data_tests:',
    `          - unique: { config: ${testConfig} }`,
    '',
  ].join('\n');

describe('config keys while parsing', () => {
  it('refuses an unknown key in the config of a generic test, at the test line', () => {
    expectStrataError(
      parse({ 'models/orders.sql': 'select 1 as id', 'models/schema.yml': SCHEMA('{ severty: warn }') }),
      {
        file: 'models/schema.yml',
        line: 7,
        message: 'Unknown config key "severty" in the config of test "unique"',
        hint: /Did you mean "severity"\?/,
      },
    );
  });

  it('locates a key of a multi-line config() at the line that writes it', () => {
    const sql = "-- orders\n{{ config(\n    materialized='table',\n    materialised='view',\n) }}\nselect 1 as id";
    expectStrataError(parse({ 'models/orders.sql': sql }), {
      file: 'models/orders.sql',
      line: 4,
      message: /Unknown config key "materialised"/,
    });
    const dict = "{{ config({\n  'materialized': 'table',\n  'sql-header': 'set x = 1'\n}) }}\nselect 1 as id";
    expect(parse({ 'models/orders.sql': dict })().parsed.warnings.map((w) => w.split(': ')[0])).toEqual([
      'profiles.yml:7',
      'models/orders.sql:3',
    ]);
  });

  it('reads config() given one dict, as dbt does, and refuses other positional arguments', () => {
    const session = parse({
      'models/orders.sql': "{{ config({'materialized': 'table'}, alias='o') }}\nselect 1 as id",
    })();
    const node = session.parsed.manifest.nodes.get('model.shop.orders');
    expect(node?.config).toMatchObject({ materialized: 'table', alias: 'o' });
    expectStrataError(parse({ 'models/orders.sql': "select 1 as id\n{{ config('table') }}" }), {
      file: 'models/orders.sql',
      line: 2,
      message: 'config() takes keyword arguments or one dict',
    });
  });

  it('applies a project.yml block written for one file, as dbt does', () => {
    const projectYml = 'name: shop\nmodels:\n  shop:\n    staging:\n      stg_orders:\n        +materialized: table\n';
    const session = parse(
      { 'models/staging/stg_orders.sql': 'select 1 as id', 'models/staging/stg_items.sql': 'select 1 as id' },
      projectYml,
    )();
    const materialized = (name: string) => session.parsed.manifest.nodes.get(`model.shop.${name}`)?.config.materialized;
    expect([materialized('stg_orders'), materialized('stg_items')]).toEqual(['table', 'view']);
  });

  it(
    'collects each warning once, where it is written: ' + 'profiles.yml, project.yml, config() calls, a generic test',
    () => {
      const projectYml = 'name: shop\nmodels:\n  shop:\n    +persist_docs: { relation: true }\n';
      const session = parse(
        {
          'models/customers.sql': 'select 2 as id',
          'models/orders.sql': "{{ config(access='public') }}\nselect 1 as id",
          'models/schema.yml': SCHEMA('{ store_failures_as: view, name: orders_id_unique }'),
          'data-tests/no_negative.sql':
            "{{ config(quote_columns=true) }}\nselect * from {{ ref('orders') }} where id < 0",
        },
        projectYml,
      )();
      expect(session.parsed.warnings.map((w) => w.replace(/ is a dbt.*$/, ''))).toEqual([
        'profiles.yml:7: "keep_open" in target "dev" (duckdb)',
        'project.yml:4: "+persist_docs" in "models.shop" of project.yml',
        'models/orders.sql:1: "access" in the config() of model "orders"',
        'models/schema.yml:7: "store_failures_as" in the config of test "unique"',
        'data-tests/no_negative.sql:1: "quote_columns" in the config() of test "no_negative"',
      ]);
    },
  );
});
