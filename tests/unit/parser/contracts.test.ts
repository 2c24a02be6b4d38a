import { describe, expect, it } from 'vitest';
import { createDialect } from '../../../src/adapters/registry.js';
import { loadTarget } from '../../../src/config/profiles.js';
import { loadProject } from '../../../src/config/project.js';
import type { ModelNode } from '../../../src/manifest/types.js';
import { parseProject, type ParsedProject } from '../../../src/parser/parse-project.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

const PROFILES = 'shop:\n  target: dev\n  outputs:\n    dev: { type: duckdb, schema: main }\n';
const YML = 'models/_models.yml';

function parse(files: Record<string, string>, projectYml = 'name: shop\n'): ParsedProject {
  const projectDir = tempProject({ 'project.yml': projectYml, 'profiles.yml': PROFILES, ...files });
  const project = loadProject(projectDir);
  const { target } = loadTarget({ projectRoot: projectDir, profilesDir: projectDir, profileName: project.profile });
  return parseProject({ project, target, dialect: createDialect(target.type) });
}

const model = (parsed: ParsedProject, name: string) => parsed.manifest.nodes.get(`model.shop.${name}`) as ModelNode;

/** A schema file for `orders` with a contract; `extra` lines go under the model. */
const contracted = (...extra: string[]) =>
  [
    'models:',
    '  - name: orders',
    '    config:',
    '      contract: {enforced: true}',
    ...extra,
    '    columns:',
    '      - name: id',
    '        data_type: int',
    '        constraints:',
    '          - type: not_null',
    '          - type: foreign_key',
    "            to: ref('customers')",
    '            to_columns: [id]',
    '            warn_unenforced: false',
  ].join('\n');

describe('model contracts at parse time', () => {
  it('reads the contract config, column and model constraints, and makes a foreign key target a parent', () => {
    const parsed = parse({
      'models/orders.sql': 'select 1 as id',
      'models/customers.sql': 'select 1 as id',
      [YML]: contracted('    constraints:', '      - {type: primary_key, columns: [id], name: orders_pk}'),
    });
    const orders = model(parsed, 'orders');
    expect(orders.config.contract).toEqual({ enforced: true, aliasTypes: true });
    expect(orders.constraints).toMatchObject([{ type: 'primary_key', columns: ['id'], name: 'orders_pk' }]);
    expect(orders.columns['id']!.constraints).toMatchObject([
      { type: 'not_null', warnUnenforced: true, warnUnsupported: true },
      { type: 'foreign_key', to: "ref('customers')", toColumns: ['id'], warnUnenforced: false },
    ]);
    expect(orders.dependsOn).toEqual(['model.shop.customers']);
    expect(parsed.warnings.filter((w) => /contract|constraints/.test(w))).toEqual([]);
  });

  it('takes +contract from project.yml folders and config(contract=...) in the file', () => {
    const parsed = parse(
      {
        'models/orders.sql': "{{ config(contract={'enforced': true, 'alias_types': false}) }}\nselect 1 as id",
        'models/other.sql': 'select 1 as id',
        [YML]: 'models:\n  - name: orders\n    columns:\n      - {name: id, data_type: int}\n',
      },
      'name: shop\nmodels:\n  shop:\n    +contract: {enforced: false}\n',
    );
    expect(model(parsed, 'orders').config.contract).toEqual({ enforced: true, aliasTypes: false });
    expect(model(parsed, 'other').config.contract).toEqual({ enforced: false, aliasTypes: true });
  });

  it('refuses an ephemeral contracted model, as dbt does', () => {
    expectStrataError(
      () => parse({ 'models/orders.sql': 'select 1 as id', [YML]: contracted('      materialized: ephemeral') }),
      { file: YML, line: 2, message: 'Model "orders" has an enforced contract, but it is ephemeral' },
    );
  });

  it("refuses an incremental contracted model whose on_schema_change is not 'append_new_columns' or 'fail'", () => {
    expectStrataError(
      () => parse({ 'models/orders.sql': 'select 1 as id', [YML]: contracted('      materialized: incremental') }),
      { file: YML, message: /on_schema_change is 'ignore'/, hint: /'append_new_columns' or 'fail'/ },
    );
    const parsed = parse({
      'models/orders.sql': 'select 1 as id',
      'models/customers.sql': 'select 1 as id',
      [YML]: contracted('      materialized: incremental', '      on_schema_change: append_new_columns'),
    });
    expect(model(parsed, 'orders').config.materialized).toBe('incremental');
  });

  it('refuses a contracted column without a data_type', () => {
    expectStrataError(
      () =>
        parse({
          'models/orders.sql': 'select 1 as id',
          [YML]:
            'models:\n  - name: orders\n    config: {contract: {enforced: true}}\n    columns:\n      - name: id\n',
        }),
      { file: YML, message: 'column(s) "id" have no data_type', hint: /data_type/ },
    );
  });

  it('refuses a constraint it cannot render, at its line', () => {
    expectStrataError(
      () =>
        parse({
          'models/orders.sql': 'select 1 as id',
          [YML]: 'models:\n  - name: orders\n    constraints:\n      - type: check\n',
        }),
      { file: YML, line: 4, message: 'The check constraint of model "orders" has no expression' },
    );
    expectStrataError(
      () =>
        parse({
          'models/orders.sql': 'select 1 as id',
          [YML]: 'models:\n  - name: orders\n    columns:\n      - name: id\n        constraints: [{type: not_nul}]\n',
        }),
      { file: YML, line: 5, message: 'Invalid constraint type: "not_nul"' },
    );
  });

  it("refuses a primary key declared on the model and on a column, as dbt's parser does", () => {
    const both = contracted('    constraints:', '      - {type: primary_key, columns: [id]}').replace(
      '          - type: not_null',
      '          - type: primary_key',
    );
    expectStrataError(() => parse({ 'models/orders.sql': 'select 1 as id', [YML]: both }), {
      file: YML,
      line: 2,
      message: 'Model "orders" declares its primary key at the model level and on column "id"',
      hint: /at the model level or on a column, not both/,
    });
  });

  it('reads a primary key of several columns as one model-level constraint', () => {
    const parsed = parse({
      'models/orders.sql': 'select 1 as id, 2 as region',
      [YML]: [
        'models:',
        '  - name: orders',
        '    config: {contract: {enforced: true}}',
        '    constraints:',
        '      - {type: primary_key, columns: [region, id]}',
        '    columns:',
        '      - {name: id, data_type: int}',
        '      - {name: region, data_type: int}',
      ].join('\n'),
    });
    expect(model(parsed, 'orders').constraints).toMatchObject([{ type: 'primary_key', columns: ['region', 'id'] }]);
  });
});
