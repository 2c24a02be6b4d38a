import { describe, expect, it } from 'vitest';
import { parseYamlText } from '../../../src/config/yaml-file.js';
import { parseSchemaYaml } from '../../../src/parser/schema-yaml.js';

function parse(text: string) {
  return parseSchemaYaml(parseYamlText(text, '/p/models/unit.yml', 'models/unit.yml'));
}

function failure(text: string): string {
  try {
    parse(text);
  } catch (error) {
    const { message, location, hint } = error as { message: string; location?: { line?: number }; hint?: string };
    return `${location?.line}: ${message} | ${hint ?? ''}`;
  }
  throw new Error('expected a parse error');
}

describe('unit_tests: in schema YAML', () => {
  it('reads name, model, given, expect, overrides and config, each input with its line', () => {
    const file = parse(`version: 2
unit_tests:
  - name: doubles_paid
    description: Paid orders doubled.
    model: paid
    config: {tags: nightly, meta: {owner: me}}
    overrides:
      macros: {is_incremental: true}
      vars: {rate: 2}
      env_vars: {LABEL: 1}
    given:
      - input: ref('orders')
        rows: [{id: 1}]
      - input: this
        format: sql
        rows: select 1 as id
    expect:
      format: csv
      fixture: paid_rows
`);
    expect(file.warnings).toEqual([]);
    const [test] = file.unitTests!;
    expect(test).toMatchObject({
      name: 'doubles_paid',
      model: 'paid',
      description: 'Paid orders doubled.',
      // `enabled` is unset when not written: dbt_project.yml's unit_tests: may set it
      config: { tags: ['nightly'], meta: { owner: 'me' } },
      overrides: { macros: { is_incremental: true }, vars: { rate: 2 }, envVars: { LABEL: '1' } },
      expect: { format: 'csv', fixture: 'paid_rows' },
      line: 3,
    });
    expect(test!.given).toEqual([
      { input: "ref('orders')", format: 'dict', rows: [{ id: 1 }], line: 12 },
      { input: 'this', format: 'sql', rows: 'select 1 as id', line: 14 },
    ]);
  });

  it('refuses an unknown key with the closest one', () => {
    expect(failure('unit_tests:\n  - name: t\n    model: m\n    givn: []\n    expect: {rows: []}\n')).toBe(
      '4: Unknown key "givn" in unit test "t" | Did you mean "given"? ' +
        'Valid keys: name, model, description, given, expect, overrides, config, versions.',
    );
  });

  it('refuses rows and a fixture together, and a dict fixture', () => {
    const both = 'unit_tests:\n  - name: t\n    model: m\n    expect: {format: csv, rows: "a", fixture: f}\n';
    expect(failure(both)).toContain('Give "rows:" or "fixture:", not both');
    const dict = 'unit_tests:\n  - name: t\n    model: m\n    expect: {fixture: f}\n';
    expect(failure(dict)).toContain('A fixture file holds csv or sql rows');
  });

  it('refuses a test without expect, and an unknown format', () => {
    expect(failure('unit_tests:\n  - name: t\n    model: m\n')).toBe(
      '2: Unit test "t" has no "expect:" | Add "expect:" with the rows the model returns.',
    );
    expect(failure('unit_tests:\n  - {name: t, model: m, expect: {format: json}}\n')).toContain(
      'Unknown rows format "json"',
    );
  });

  it('refuses the same test twice for one model', () => {
    const text = 'unit_tests:\n  - {name: t, model: m, expect: {}}\n  - {name: t, model: m, expect: {}}\n';
    expect(failure(text)).toContain('unit test "t" of model "m" is declared twice (first at line 2)');
  });
});
