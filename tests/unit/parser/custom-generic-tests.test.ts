import { describe, expect, it } from 'vitest';
import { nodePath } from '../../../src/artifacts/node-paths.js';
import { createDialect } from '../../../src/adapters/registry.js';
import { Compiler } from '../../../src/compile/compiler.js';
import { loadTarget } from '../../../src/config/profiles.js';
import { loadProject } from '../../../src/config/project.js';
import type { TestNode } from '../../../src/manifest/types.js';
import type { ManifestBuilder, ParsePhase } from '../../../src/parser/manifest-builder.js';
import { PARSE_PHASES, parseProject, type ParsedProject } from '../../../src/parser/parse-project.js';
import { addMacros } from '../../../src/parser/phases/macros.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

const PROFILES = 'shop:\n  target: dev\n  outputs:\n    dev: { type: duckdb, schema: main }\n';
const PROJECT = 'name: shop\nprofile: shop\nconfig-version: 2\n';

/**
 * A package namespace as packages provide it: a global named after the package whose value
 * maps macro names to callables. Registered here from a macro file of the test's own, the
 * way package loading registers an installed package's macros.
 */
function withPackage(name: string, macros: string): ParsePhase {
  return (builder: ManifestBuilder) => {
    const { templates } = builder.context;
    const globals = (templates.nunjucks as unknown as { globals: Record<string, unknown> }).globals;
    const before = new Map(Object.keys(globals).map((key) => [key, Object.getOwnPropertyDescriptor(globals, key)!]));
    const namespace: Record<string, unknown> = {};
    // registered as globals, then moved into the namespace: a package macro is not a root name
    for (const macro of templates.registerMacros(templates.compile(macros, `dbt_packages/${name}/macros/t.sql`))) {
      namespace[macro] = globals[macro];
      const previous = before.get(macro);
      if (previous) Object.defineProperty(globals, macro, previous);
      else delete globals[macro];
    }
    templates.nunjucks.addGlobal(name, namespace);
  };
}

/** Parse a dbt project made of `files`, with `extraPhases` right after the macros. */
function parse(files: Record<string, string>, extraPhases: ParsePhase[] = []): ParsedProject {
  const dir = tempProject({ 'dbt_project.yml': PROJECT, 'profiles.yml': PROFILES, ...files });
  const project = loadProject(dir);
  const { target } = loadTarget({ projectRoot: dir, profilesDir: dir, profileName: project.profile });
  // the phases that read a project's files are wrapped by eachProject, which keeps the phase's name
  const macrosAt = PARSE_PHASES.findIndex((phase) => phase.name === addMacros.name);
  expect(macrosAt, 'the macros phase in PARSE_PHASES').toBeGreaterThan(0);
  const at = macrosAt + 1;
  const phases = [...PARSE_PHASES.slice(0, at), ...extraPhases, ...PARSE_PHASES.slice(at)];
  return parseProject({ project, target, dialect: createDialect(target.type) }, phases);
}

function testNamed(parsed: ParsedProject, name: string): TestNode {
  const node = [...parsed.manifest.nodes.values()].find((each) => each.name === name);
  expect(node, `test ${name}`).toBeDefined();
  return node as TestNode;
}

const ORDERS = { 'models/orders.sql': 'select 1 as id, 5 as amount', 'models/customers.sql': 'select 1 as id' };

describe('custom generic tests', () => {
  it('renders a test macro with execute true and an ephemeral model as a relation', () => {
    const parsed = parse({
      'models/base.sql': "{{ config(materialized='ephemeral') }}\nselect 1 as id",
      'models/schema.yml': 'version: 2\nmodels:\n  - name: base\n    data_tests: [is_relation]\n',
      'macros/t.sql':
        '{% test is_relation(model) %}{% if execute %}' +
        "select '{{ model is mapping }}' as checked from {{ model }}{% endif %}{% endtest %}",
    });
    const sql = new Compiler(parsed).compile(testNamed(parsed, 'is_relation_base_'));
    expect(sql).toMatch(/select 'True' as checked from \(\s*select 1 as id\s*\)/);
  });

  it('a package test is <package>.<test> in YAML, named with the package prefix, rendered from its macro', () => {
    const parsed = parse(
      {
        ...ORDERS,
        'models/schema.yml': [
          'version: 2',
          'models:',
          '  - name: orders',
          '    data_tests:',
          '      - dbt_utils.expression_is_true:',
          '          arguments: { expression: "amount > 0" }',
          '          config: { severity: warn }',
        ].join('\n'),
      },
      [
        withPackage(
          'dbt_utils',
          '{% test expression_is_true(model, expression, column_name=None) %}' +
            'select * from {{ model }} where not ({{ expression }}){% endtest %}',
        ),
      ],
    );
    const test = testNamed(parsed, 'dbt_utils_expression_is_true_orders_amount_0');
    expect(test.testMetadata).toMatchObject({ name: 'expression_is_true', namespace: 'dbt_utils' });
    expect(test.config.severity).toBe('warn');
    expect(new Compiler(parsed).compileTest(test)).toBe('select * from "main"."orders" where not (amount > 0)');
  });

  it("a package's test named without its package is found in the package, after the project's own", () => {
    const packageTests =
      '{% test positive(model, column_name) %}select 1 from {{ model }} -- package{% endtest %}' +
      '{% test unique(model, column_name) %}select 2 from {{ model }} -- package{% endtest %}';
    const parsed = parse(
      {
        ...ORDERS,
        'macros/unique.sql': '{% test unique(model, column_name) %}select 3 from {{ model }} -- project{% endtest %}',
        'models/schema.yml':
          'version: 2\nmodels:\n  - name: orders\n    columns:\n' +
          '      - name: id\n        tests: [positive, unique, not_null]\n',
      },
      [withPackage('shop_utils', packageTests)],
    );
    const compiler = new Compiler(parsed);
    expect(compiler.compileTest(testNamed(parsed, 'positive_orders_id'))).toBe(
      'select 1 from "main"."orders" -- package',
    );
    expect(compiler.compileTest(testNamed(parsed, 'unique_orders_id'))).toBe(
      'select 3 from "main"."orders" -- project',
    );
    expect(compiler.compileTest(testNamed(parsed, 'not_null_orders_id'))).toContain('where id is null');
  });

  it("config() and ref() in a test's macro are read at parse time; the YAML of the instance wins", () => {
    const parsed = parse({
      ...ORDERS,
      'macros/tests.sql':
        "{% test in_customers(model, column_name) %}{{ config(severity='warn', tags=['fk']) }}" +
        "select * from {{ model }} where {{ column_name }} not in (select id from {{ ref('customers') }})" +
        '{% endtest %}',
      'models/sources.yml': [
        'version: 2',
        'sources:',
        '  - name: raw',
        '    tables:',
        '      - name: payments',
        '        columns:',
        '          - name: order_id',
        '            data_tests: [in_customers]',
      ].join('\n'),
      'models/schema.yml': [
        'version: 2',
        'models:',
        '  - name: orders',
        '    columns:',
        '      - name: id',
        '        data_tests:',
        '          - in_customers',
        '          - in_customers: { name: strict_fk, config: { severity: error } }',
      ].join('\n'),
    });
    expect(testNamed(parsed, 'in_customers_orders_id')).toMatchObject({
      config: { severity: 'warn', tags: ['fk'] },
      dependsOn: ['model.shop.orders', 'model.shop.customers'],
      attachedNode: 'model.shop.orders',
    });
    expect(testNamed(parsed, 'strict_fk').config.severity).toBe('error');
    // a source test that also reads a model is still attached to its source
    expect(testNamed(parsed, 'source_in_customers_raw_payments_order_id')).toMatchObject({
      attachedNode: 'source.shop.raw.payments',
      dependsOn: ['model.shop.customers', 'source.shop.raw.payments'],
    });
  });

  it('should_store_failures() tells a test macro whether its failing rows are stored', () => {
    const parsed = parse({
      ...ORDERS,
      'macros/tests.sql':
        "{% test positive(model, column_name) %}select {{ '*' if should_store_failures() else '1' }} " +
        'from {{ model }} where {{ column_name }} <= 0{% endtest %}',
      'models/schema.yml': [
        'version: 2',
        'models:',
        '  - name: orders',
        '    columns:',
        '      - name: amount',
        '        data_tests: [positive, { positive: { name: kept, config: { store_failures: true } } }]',
      ].join('\n'),
    });
    const compiler = new Compiler(parsed);
    expect(compiler.compileTest(testNamed(parsed, 'positive_orders_amount'))).toMatch(/^select 1 from/);
    expect(compiler.compileTest(testNamed(parsed, 'kept'))).toMatch(/^select \* from/);
  });

  it('config values holding Jinja are rendered at parse time, as dbt renders them', () => {
    const parsed = parse({
      ...ORDERS,
      'models/schema.yml': [
        'version: 2',
        'models:',
        '  - name: orders',
        '    columns:',
        '      - name: id',
        '        data_tests:',
        '          - unique:',
        '              config:',
        `                severity: "{{ 'warn' if target.name == 'dev' else 'error' }}"`,
        `                where: "amount > {{ var('min_amount', 3) }}"`,
        '                store_failures: "{{ target.name != \'dev\' }}"',
      ].join('\n'),
    });
    expect(testNamed(parsed, 'unique_orders_id').config).toMatchObject({
      severity: 'warn',
      where: 'amount > 3',
      storeFailures: false,
    });
  });

  it('a test of an unknown package names the package', () => {
    expectStrataError(
      () =>
        parse({
          ...ORDERS,
          'models/schema.yml':
            'version: 2\nmodels:\n  - name: orders\n    data_tests:\n      - dbt_utils.at_least_one\n',
        }),
      {
        file: 'models/schema.yml',
        line: 5,
        message: 'Unknown generic test "dbt_utils.at_least_one"',
        hint: /package "dbt_utils" is installed/,
      },
    );
  });

  it('a project test overrides the built-in of the same name, from tests/generic/', () => {
    const parsed = parse({
      ...ORDERS,
      'tests/generic/unique.sql':
        '{% test unique(model, column_name) %}select {{ column_name }} from {{ model }} -- mine{% endtest %}',
      'tests/not_generic.sql': 'select 1 where false',
      'models/schema.yml':
        'version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        tests: [unique]\n',
    });
    const test = testNamed(parsed, 'unique_orders_id');
    expect(new Compiler(parsed).compileTest(test)).toBe('select id from "main"."orders" -- mine');
    // the generic folder holds definitions; the other files of tests/ are singular tests
    expect(parsed.manifest.nodes.has('test.shop.not_generic')).toBe(true);
    expect([...parsed.manifest.nodes.keys()].filter((id) => id.includes('unique.'))).toEqual([]);
    expect(parsed.manifest.macros.get('macro.shop.test_unique')?.origin).toEqual({
      file: 'tests/generic/unique.sql',
      line: 1,
    });
  });

  it('the older top-level argument form, column_name passed raw, ref() arguments rendered and linked', () => {
    const parsed = parse({
      ...ORDERS,
      'macros/tests.sql':
        '{% test fk(model, column_name, to, field) %}select {{ column_name }} from {{ model }} ' +
        'where {{ column_name }} not in (select {{ field }} from {{ to }}){% endtest %}',
      'models/schema.yml': [
        'version: 2',
        'models:',
        '  - name: orders',
        '    columns:',
        '      - name: id',
        '        data_tests:',
        "          - fk: { to: ref('customers'), field: id, where: 'amount > 1' }",
      ].join('\n'),
    });
    const test = testNamed(parsed, 'fk_orders_id__id__ref_customers_');
    expect(test.dependsOn.sort()).toEqual(['model.shop.customers', 'model.shop.orders']);
    expect(test.config.where).toBe('amount > 1');
    expect(new Compiler(parsed).compileTest(test)).toBe(
      'select id from (select * from "main"."orders" where amount > 1) strata_subquery ' +
        'where id not in (select id from "main"."customers")',
    );
  });

  it('config: enabled false leaves a test out; meta, tags, alias and a description are kept', () => {
    const parsed = parse({
      ...ORDERS,
      'models/schema.yml': [
        'version: 2',
        'models:',
        '  - name: orders',
        '    columns:',
        '      - name: id',
        '        data_tests:',
        '          - unique: { config: { enabled: false } }',
        '          - not_null: { config: { meta: { owner: data }, tags: [keys] } }',
        '      - name: amount',
        '        data_tests:',
        '          - is_positive: { description: Refunds are separate., alias: amount_positive }',
      ].join('\n'),
      'macros/t.sql': '{% test is_positive(model, column_name) %}select 1{% endtest %}',
    });
    const tests = [...parsed.manifest.nodes.values()].filter((node) => node.resourceType === 'test');
    expect(tests.map((node) => node.name)).toEqual(['not_null_orders_id', 'is_positive_orders_amount']);
    // description and alias are not arguments of the macro (which would reject them)
    expect(testNamed(parsed, 'is_positive_orders_amount')).toMatchObject({
      description: 'Refunds are separate.',
      config: { alias: 'amount_positive' },
      testMetadata: { kwargs: { column_name: 'amount' } },
    });
    expect(new Compiler(parsed).compileTest(testNamed(parsed, 'is_positive_orders_amount'))).toBe('select 1');
    expect(testNamed(parsed, 'not_null_orders_id')).toMatchObject({ meta: { owner: 'data' }, tags: ['keys'] });
  });

  it("a long name gets dbt's hashed alias, used for its compiled file", () => {
    const parsed = parse({
      ...ORDERS,
      'models/schema.yml': [
        'version: 2',
        'models:',
        '  - name: orders',
        '    columns:',
        '      - name: amount',
        '        data_tests:',
        '          - accepted_values:',
        '              arguments: { values: [placed, shipped, completed, return_pending, returned] }',
      ].join('\n'),
    });
    const test = testNamed(
      parsed,
      'accepted_values_orders_amount__placed__shipped__completed__return_pending__returned',
    );
    expect(test.config.alias).toMatch(/^accepted_values_orders_[0-9a-f]{32}$/);
    expect(nodePath(test)).toBe(`${test.config.alias}.sql`);
  });
});
