import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSchemaFile } from '../../../src/parser/schema-yaml.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

const FILE = 'models/staging/schema.yml';

function parse(text: string) {
  const root = tempProject({ [FILE]: text });
  return parseSchemaFile(path.join(root, FILE), root);
}

function parseLines(...lines: string[]) {
  return parse(lines.join('\n'));
}

describe('parseSchemaFile: models and seeds', () => {
  it('reads models with columns, tests, config and lines', () => {
    const schema = parseLines(
      'version: 2',
      'models:',
      '  - name: stg_orders',
      '    description: One row per order.',
      '    tags: [staging]',
      '    config:',
      '      materialized: table',
      '      tags: core',
      '    meta: { owner: data }',
      '    columns:',
      '      - name: order_id',
      '        data_type: bigint',
      '        data_tests: [not_null, unique]',
      '      - name: user_id',
      '        tags: [pii]',
      '        config: { meta: { pii: true } }',
      '        tests:',
      '          - relationships:',
      "              to: ref('dim_users')",
      '              field: user_id',
      '              severity: warn',
      '          - accepted_values:',
      '              values: [a, b]',
      '              quote: true',
      '              config: { where: "dt > 1", severity: error }',
      '    data_tests:',
      '      - dbt_utils.expression_is_true:',
      '          arguments: { expression: "amount >= 0" }',
      '      - test_name: unique',
      '        name: unique_order_user',
      '        column_name: "order_id || user_id"',
    );
    expect(schema.file).toBe(FILE);
    expect(schema.sources).toEqual([]);
    expect(schema.seeds).toEqual([]);
    const [model] = schema.models;
    expect(model).toMatchObject({
      name: 'stg_orders',
      description: 'One row per order.',
      config: { materialized: 'table', tags: ['core', 'staging'] },
      meta: { owner: 'data' },
      file: FILE,
      line: 3,
    });
    expect(model?.columns).toEqual([
      {
        name: 'order_id',
        description: '',
        dataType: 'bigint',
        tags: [],
        meta: {},
        tests: [
          { name: 'not_null', kwargs: {}, config: {}, line: 13 },
          { name: 'unique', kwargs: {}, config: {}, line: 13 },
        ],
        line: 11,
      },
      {
        name: 'user_id',
        description: '',
        tags: ['pii'],
        meta: { pii: true },
        tests: [
          {
            name: 'relationships',
            kwargs: { to: "ref('dim_users')", field: 'user_id' },
            config: { severity: 'warn' },
            line: 18,
          },
          {
            name: 'accepted_values',
            kwargs: { values: ['a', 'b'], quote: true },
            config: { where: 'dt > 1', severity: 'error' },
            line: 22,
          },
        ],
        line: 14,
      },
    ]);
    expect(model?.tests).toEqual([
      { name: 'dbt_utils.expression_is_true', kwargs: { expression: 'amount >= 0' }, config: {}, line: 27 },
      {
        name: 'unique',
        kwargs: { column_name: 'order_id || user_id' },
        config: { name: 'unique_order_user' },
        line: 29,
      },
    ]);
  });

  it('reads seeds and treats an empty file as declaring nothing', () => {
    expect(parseLines('seeds:', '  - name: country_codes', '    config: { delimiter: ";" }').seeds).toEqual([
      {
        name: 'country_codes',
        description: '',
        config: { delimiter: ';' },
        columns: [],
        tests: [],
        meta: {},
        file: FILE,
        line: 2,
      },
    ]);
    expect(parse('')).toEqual({
      file: FILE,
      models: [],
      seeds: [],
      analyses: [],
      snapshots: [],
      sources: [],
      warnings: [],
    });
    expect(parse('exposures:\n  - { name: board, type: dashboard, owner: { name: BI } }\n').models).toEqual([]);
  });

  it('lets a nested config: win over a sibling config key', () => {
    const schema = parseLines(
      'models:',
      '  - name: m',
      '    columns:',
      '      - name: c',
      '        tests:',
      '          - unique: { severity: warn, config: { severity: error } }',
    );
    expect(schema.models[0]?.columns[0]?.tests[0]?.config).toEqual({ severity: 'error' });
  });
});

describe('parseSchemaFile: errors', () => {
  const cases: Array<{ what: string; lines: string[]; line: number; message: RegExp | string; hint?: RegExp }> = [
    {
      what: 'columns not a list',
      lines: ['models:', '  - name: m', '    columns:', '      name: id'],
      line: 3,
      message: '"columns" must be a list, got a map',
      hint: /- name: <column>/,
    },
    {
      what: 'models not a list',
      lines: ['models:', '  name: m'],
      line: 1,
      message: '"models" must be a list, got a map',
      hint: /- name: <model name>/,
    },
    { what: 'a model without name', lines: ['models:', '  - description: x'], line: 2, message: /"name" is required/ },
    {
      what: 'a model that is a string',
      lines: ['models:', '  - stg_orders'],
      line: 2,
      message: 'A model entry must be a map, got a string',
    },
    {
      what: 'an unknown model key',
      lines: ['models:', '  - name: m', '    descripton: x'],
      line: 3,
      message: 'Unknown key "descripton" in model "m"',
      hint: /Did you mean "description"\?/,
    },
    {
      what: 'a config key outside config:',
      lines: ['models:', '  - name: m', '    materialized: table'],
      line: 3,
      message: '"materialized" is a config key and must be under "config:" in model "m"',
      hint: /config:\n\s+materialized: \.\.\./,
    },
    {
      what: 'a typo of name',
      lines: ['models:', '  - nmae: m'],
      line: 2,
      message: 'Unknown key "nmae" in model 1',
      hint: /Did you mean "name"\?/,
    },
    {
      what: 'an unknown column key',
      lines: ['models:', '  - name: m', '    columns:', '      - name: c', '        data_typ: int'],
      line: 5,
      message: 'Unknown key "data_typ" in a column of model "m"',
      hint: /Did you mean "data_type"\?/,
    },
    {
      what: 'test arguments not indented',
      lines: [
        'models:',
        '  - name: m',
        '    columns:',
        '      - name: c',
        '        tests:',
        '          - relationships:',
        '            to: ref("x")',
      ],
      line: 6,
      message: 'A test map must have exactly one key, the test name; found "relationships", "to"',
      hint: /indented below it/,
    },
    {
      what: 'test arguments not a map',
      lines: ['models:', '  - name: m', '    tests:', '      - accepted_values: [a, b]'],
      line: 4,
      message: 'The arguments of test "accepted_values" must be a map, got a list',
    },
    {
      what: 'a relationships test whose "to" is a bare name',
      lines: [
        'models:',
        '  - name: m',
        '    columns:',
        '      - name: c',
        '        tests:',
        '          - relationships:',
        '              to: dim_users',
        '              field: id',
      ],
      line: 7,
      message: '"to" of the relationships test must be a ref() or source() call, got "dim_users"',
      hint: /to: ref\('dim_users'\)/,
    },
    {
      what: 'a relationships test whose "to" under arguments: is a dotted name',
      lines: [
        'models:',
        '  - name: m',
        '    columns:',
        '      - name: c',
        '        tests:',
        '          - relationships:',
        '              arguments: { to: shop.users, field: id }',
      ],
      line: 7,
      message: /got "shop\.users"/,
      hint: /to: source\('shop', 'users'\)/,
    },
    {
      what: 'a test that is a number',
      lines: ['models:', '  - name: m', '    tests:', '      - 42'],
      line: 4,
      message: 'A test must be a name or a map, got a number',
    },
    {
      what: 'both tests and data_tests',
      lines: ['models:', '  - name: m', '    tests: [a]', '    data_tests: [b]'],
      line: 3,
      message: 'Both "tests" and "data_tests" are set',
    },
    {
      what: 'a duplicate model',
      lines: ['models:', '  - name: m', '  - name: m'],
      line: 3,
      message: 'model "m" is declared twice (first at line 2)',
    },
    {
      what: 'a duplicate column',
      lines: ['models:', '  - name: m', '    columns:', '      - name: a', '      - name: A'],
      line: 5,
      message: 'Column "A" of model "m" is declared twice (first at line 4)',
    },
    {
      what: 'an unknown top-level key',
      lines: ['model:', '  - name: m'],
      line: 1,
      message: 'Unknown key "model" in a schema file',
      hint: /Did you mean "models"\?/,
    },
    { what: 'a bad version', lines: ['version: 3'], line: 1, message: 'Unsupported schema file version' },
    {
      what: 'a YAML syntax error',
      lines: ['models:', '  - name: m', '   description: x: y'],
      line: 3,
      message: /^Invalid YAML/,
    },
    { what: 'a list at the top', lines: ['- name: m'], line: 1, message: /must be a map/ },
  ];

  for (const { what, lines, line, message, hint } of cases) {
    it(`reports ${what} at its line`, () => {
      expectStrataError(() => parseLines(...lines), { file: FILE, line, message, ...(hint ? { hint } : {}) });
    });
  }
});

describe('parseSchemaFile: keys without an effect', () => {
  it('warns once per dbt config key and property Strata does not act on, at its line', () => {
    const schema = parseLines(
      'models:',
      '  - name: orders',
      '    docs: { show: false }',
      '    config:',
      '      materialized: table',
      '      access: public',
      '    columns:',
      '      - name: id',
      '        quote: true',
      '        constraints: [{ type: not_null }]',
      '      - name: amount',
    );
    expect(schema.warnings.map((warning) => warning.replace(/ is a dbt .*$/, ''))).toEqual([
      `${FILE}:6: "access" in the config of model "orders"`,
      `${FILE}:3: "docs" of model "orders"`,
      `${FILE}:9: "quote" of column "id" of model "orders"`,
    ]);
    expect(schema.models[0]!.columns[0]!.constraints).toMatchObject([{ type: 'not_null', line: 10 }]);
  });

  it('refuses an unknown config key at its line', () => {
    expectStrataError(
      () => parseLines('seeds:', '  - name: countries', '    config:', '      column_type: { id: int }'),
      {
        file: FILE,
        line: 4,
        message: 'Unknown config key "column_type" in the config of seed "countries"',
        hint: /Did you mean "column_types"\?/,
      },
    );
  });
});

describe('parseSchemaFile: dbt sections and properties without an effect', () => {
  const noEffect = (warnings: string[]) => warnings.map((warning) => warning.replace(/ is a dbt .*$/, ''));

  it('accepts every dbt section, with one warning each at its line', () => {
    const schema = parseLines(
      'version: 2',
      'models:',
      '  - name: orders',
      'metrics:',
      '  - name: revenue',
      '    label: Revenue',
      'semantic_models: []',
      'data_tests:',
      '  - name: orders_exist',
      'functions: []',
    );
    expect(schema.models.map((model) => model.name)).toEqual(['orders']);
    expect(noEffect(schema.warnings)).toEqual([
      `${FILE}:4: "metrics" of this schema file`,
      `${FILE}:7: "semantic_models" of this schema file`,
      `${FILE}:8: "data_tests" of this schema file`,
      `${FILE}:10: "functions" of this schema file`,
    ]);
    expect(schema.warnings[0]).toMatch(/is a dbt section Strata does not act on yet; it has no effect\.$/);
  });

  it('accepts the model and column properties dbt documents, with one warning each at its line', () => {
    const schema = parseLines(
      'models:',
      '  - name: orders',
      '    access: public',
      '    group: finance',
      '    latest_version: 2',
      '    deprecation_date: 2027-01-01',
      '    constraints: [{ type: primary_key, columns: [id] }]',
      '    versions: [{ v: 1 }, { v: 2 }]',
      '    time_spine: { standard_granularity_column: id }',
      '    config:',
      '      contract: { enforced: true }',
      '    columns:',
      '      - name: id',
      '        data_type: int',
      '        policy_tags: [pii]',
      '        granularity: day',
    );
    expect(noEffect(schema.warnings)).toEqual([
      `${FILE}:3: "access" of model "orders"`,
      `${FILE}:4: "group" of model "orders"`,
      `${FILE}:5: "latest_version" of model "orders"`,
      `${FILE}:6: "deprecation_date" of model "orders"`,
      `${FILE}:8: "versions" of model "orders"`,
      `${FILE}:9: "time_spine" of model "orders"`,
      `${FILE}:15: "policy_tags" of column "id" of model "orders"`,
      `${FILE}:16: "granularity" of column "id" of model "orders"`,
    ]);
  });

  it('refuses a section no dbt version knows, naming the closest', () => {
    expectStrataError(() => parseLines('version: 2', 'unit_test:', '  - name: t'), {
      file: FILE,
      line: 2,
      message: 'Unknown key "unit_test" in a schema file',
      hint: /Did you mean "unit_tests"\?/,
    });
  });

  it('refuses a misspelled model property, naming the closest', () => {
    expectStrataError(() => parseLines('models:', '  - name: orders', '    acess: public'), {
      file: FILE,
      line: 3,
      message: 'Unknown key "acess" in model "orders"',
      hint: /Did you mean "access"\?/,
    });
  });

  it('refuses a model-only property on a seed', () => {
    expectStrataError(() => parseLines('seeds:', '  - name: countries', '    latest_version: 2'), {
      file: FILE,
      line: 3,
      message: 'Unknown key "latest_version" in seed "countries"',
    });
  });

  it('says a dbt config key written beside name: belongs under config:', () => {
    expectStrataError(() => parseLines('models:', '  - name: orders', '    contract: { enforced: true }'), {
      file: FILE,
      line: 3,
      message: '"contract" is a config key and must be under "config:" in model "orders"',
    });
  });
});

describe('parseSchemaFile: source keys without an effect', () => {
  it('warns once per dbt key of a source, its tables and their columns, at its line', () => {
    const schema = parseLines(
      'sources:',
      '  - name: raw',
      '    quoting: { identifier: true }',
      '    overrides: other_package',
      '    tables:',
      '      - name: events',
      '        quoting: { identifier: false }',
      '        columns:',
      '          - name: id',
      '            quote: true',
    );
    expect(schema.warnings.map((warning) => warning.replace(/ is a dbt .*$/, ''))).toEqual([
      `${FILE}:3: "quoting" of source "raw"`,
      `${FILE}:4: "overrides" of source "raw"`,
      `${FILE}:7: "quoting" of source table "raw.events"`,
      `${FILE}:10: "quote" of column "id" of source table "raw.events"`,
    ]);
  });
});

describe('parseSchemaFile: source config', () => {
  it('leaves out tables switched off by enabled: false, a table inheriting its source', () => {
    const schema = parseLines(
      'sources:',
      '  - name: raw',
      '    config: { enabled: false }',
      '    tables:',
      '      - name: events',
      '      - name: orders',
      '        config: { enabled: true, event_time: ordered_at }',
      '  - name: crm',
      '    tables:',
      '      - name: people',
      '        config: { enabled: false }',
      '      - name: companies',
    );
    expect(schema.sources.map((source) => [source.name, source.tables.map((table) => table.name)])).toEqual([
      ['raw', ['orders']],
      ['crm', ['companies']],
    ]);
    // event_time is acted on: a microbatch model's batches filter the table on it
    expect(schema.warnings).toEqual([]);
    expect(schema.sources[0]!.tables[0]!.eventTime).toBe('ordered_at');
  });

  it('refuses an enabled that is not true or false, at its line', () => {
    expectStrataError(
      () => parseLines('sources:', '  - name: raw', '    config:', '      enabled: nope', '    tables: [{ name: a }]'),
      { file: FILE, line: 4, message: '"enabled" must be true or false, got a string' },
    );
  });
});
