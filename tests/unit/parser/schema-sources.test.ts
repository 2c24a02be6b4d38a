import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSchemaFile } from '../../../src/parser/schema-yaml.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

const FILE = 'models/sources.yml';

function parseLines(...lines: string[]) {
  const root = tempProject({ [FILE]: lines.join('\n') });
  return parseSchemaFile(path.join(root, FILE), root);
}

const BASE = ['sources:', '  - name: bronze', '    tables:', '      - name: orders'];

describe('parseSchemaFile: sources', () => {
  it('tests on a source itself (not a table) are an error at their line, as in dbt', () => {
    expectStrataError(
      () => parseLines('sources:', '  - name: bronze', '    data_tests: [not_null]', '    tables: []'),
      {
        file: FILE,
        line: 3,
        message: '"data_tests" is not a property of a source: tests are declared on its tables and their columns',
        hint: /Move the list under a table/,
      },
    );
  });

  it('reads a lake source with freshness, columns and tests', () => {
    const schema = parseLines(
      'version: 2',
      'sources:',
      '  - name: bronze',
      '    description: Raw events.',
      '    schema: raw',
      '    database: lake',
      '    loader: strata ingest',
      '    loaded_at_field: ingested_at',
      '    tags: [raw]',
      '    freshness:',
      '      warn_after: { count: 2, period: hour }',
      '      error_after: { count: 1, period: day }',
      '    tables:',
      '      - name: orders',
      '        identifier: orders_v2',
      '        external:',
      '          location: lake/orders',
      '          format: jsonl',
      '          partitions: [dt, hour]',
      '          file_glob: "**/*.jsonl.gz"',
      '        columns:',
      '          - name: order_id',
      '            data_tests: [not_null]',
      '        data_tests:',
      '          - unique: { column_name: order_id }',
      '      - name: payments',
      '        external: { location: "s3://bucket/payments", format: Parquet, ' +
        'partitions: [{ name: dt, data_type: date }] }',
      '        freshness: null',
      '        config: { tags: [money], loaded_at_field: paid_at }',
    );
    expect(schema.sources).toHaveLength(1);
    const [source] = schema.sources;
    expect(source).toMatchObject({
      name: 'bronze',
      description: 'Raw events.',
      schema: 'raw',
      database: 'lake',
      loader: 'strata ingest',
      loadedAtField: 'ingested_at',
      freshness: { warnAfter: { count: 2, period: 'hour' }, errorAfter: { count: 1, period: 'day' } },
      tags: ['raw'],
      meta: {},
      file: FILE,
      line: 3,
    });
    expect(source?.tables[0]).toEqual({
      name: 'orders',
      identifier: 'orders_v2',
      description: '',
      external: { location: 'lake/orders', format: 'jsonl', partitions: ['dt', 'hour'], fileGlob: '**/*.jsonl.gz' },
      tags: [],
      meta: {},
      columns: [
        {
          name: 'order_id',
          description: '',
          tags: [],
          meta: {},
          tests: [{ name: 'not_null', kwargs: {}, config: {}, line: 23 }],
          line: 22,
        },
      ],
      tests: [{ name: 'unique', kwargs: { column_name: 'order_id' }, config: {}, line: 25 }],
      line: 14,
    });
    expect(source?.tables[1]).toEqual({
      name: 'payments',
      description: '',
      external: { location: 's3://bucket/payments', format: 'parquet', partitions: ['dt'] },
      // `freshness: null` switches off the source's freshness for this table
      freshness: null,
      loadedAtField: 'paid_at',
      tags: ['money'],
      meta: {},
      columns: [],
      tests: [],
      line: 26,
    });
  });

  it("reads dbt 1.10's loaded_at_query beside the name or under config:", () => {
    const schema = parseLines(
      'sources:',
      '  - name: bronze',
      '    loaded_at_query: select max(ingested_at) from bronze.audit',
      '    tables:',
      '      - name: orders',
      '        config: { loaded_at_query: "select max(loaded_at) from bronze.orders_log" }',
    );
    expect(schema.sources[0]?.loadedAtQuery).toBe('select max(ingested_at) from bronze.audit');
    expect(schema.sources[0]?.tables[0]?.loadedAtQuery).toBe('select max(loaded_at) from bronze.orders_log');
  });

  const cases: Array<{ what: string; lines: string[]; line: number; message: RegExp | string; hint?: RegExp }> = [
    {
      what: 'an unknown table key',
      lines: [...BASE, '        identifer: x'],
      line: 5,
      message: 'Unknown key "identifer" in a table of source "bronze"',
      hint: /Did you mean "identifier"\?/,
    },
    {
      what: 'an unknown source key',
      lines: ['sources:', '  - name: s', '    tabels: []'],
      line: 3,
      message: /Unknown key "tabels"/,
      hint: /"tables"/,
    },
    { what: 'a source without name', lines: ['sources:', '  - tables: []'], line: 2, message: /"name" is required/ },
    {
      what: 'tables not a list',
      lines: ['sources:', '  - name: s', '    tables: orders'],
      line: 3,
      message: '"tables" must be a list, got a string',
    },
    {
      what: 'a duplicate table',
      lines: [...BASE, '      - name: orders'],
      line: 5,
      message: 'Table "orders" of source "bronze" is declared twice (first at line 4)',
    },
    {
      what: 'an unknown external format',
      lines: [...BASE, '        external: { location: lake/orders, format: avro }'],
      line: 5,
      message: 'Unknown external format "avro"',
      hint: /jsonl, parquet, csv/,
    },
    {
      what: 'an external without location',
      lines: [...BASE, '        external:', '          format: jsonl'],
      line: 5,
      message: /"location" is required/,
    },
    {
      what: 'a bad partition',
      lines: [
        ...BASE,
        '        external:',
        '          location: x',
        '          format: jsonl',
        '          partitions:',
        '            - [dt]',
      ],
      line: 9,
      message: 'A partition must be a column name, got a list',
    },
    {
      what: 'a bad freshness period',
      lines: [...BASE, '        freshness:', '          warn_after: { count: 1, period: hours }'],
      line: 6,
      message: 'Invalid freshness period "hours"',
      hint: /Did you mean "hour"\?/,
    },
    {
      what: 'a bad freshness count',
      lines: [
        ...BASE,
        '        freshness:',
        '          error_after:',
        '            count: 0',
        '            period: day',
      ],
      line: 7,
      message: '"count" must be a positive whole number, got 0',
    },
    {
      what: 'an unknown freshness key',
      lines: [...BASE, '        freshness:', '          warn_afer: { count: 1, period: day }'],
      line: 6,
      hint: /Did you mean "warn_after"\?/,
      message: /Unknown key "warn_afer"/,
    },
    {
      what: 'both loaded_at_field and loaded_at_query',
      lines: [...BASE, '        loaded_at_field: ingested_at', '        loaded_at_query: select max(x) from t'],
      line: 6,
      message: 'source table "bronze.orders" sets both "loaded_at_field" and "loaded_at_query"',
      hint: /Keep one/,
    },
    {
      what: 'an unknown source config key',
      lines: ['sources:', '  - name: s', '    config:', '      enabeld: false'],
      line: 4,
      message: 'Unknown key "enabeld" in the config of source "s"',
      hint: /Did you mean "enabled"\?/,
    },
  ];

  for (const { what, lines, line, message, hint } of cases) {
    it(`reports ${what} at its line`, () => {
      expectStrataError(() => parseLines(...lines), { file: FILE, line, message, ...(hint ? { hint } : {}) });
    });
  }
});
