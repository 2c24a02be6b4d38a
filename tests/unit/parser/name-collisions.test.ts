import { describe, expect, it } from 'vitest';
import { loadSession } from '../../../src/execution/session.js';
import { BACKUP_SUFFIX, INCOMING_SUFFIX, STAGING_SUFFIX } from '../../../src/materializations/plan-step.js';
import { RESERVED_NAME_MARKER } from '../../../src/parser/relation-naming.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

const PROFILES = 'shop:\n  target: dev\n  outputs:\n    dev: { type: duckdb, schema: main }\n';

/** Parse a project made of `files` (plus project.yml and profiles.yml). */
function parse(files: Record<string, string>) {
  const projectDir = tempProject({ 'project.yml': 'name: shop\n', 'profiles.yml': PROFILES, ...files });
  return () => loadSession({ projectDir, profilesDir: projectDir });
}

describe('node names', () => {
  it('refuses models, or a model and a seed, whose names differ only in case, naming both files', () => {
    const error = expectStrataError(parse({ 'models/orders.sql': 'select 1', 'models/marts/ORDERS.sql': 'select 2' }), {
      message: /Two resources are named '.*' and '.*', one name to the warehouse/,
      hint: /rename one file/,
    });
    expect(error.message).toContain('models/orders.sql');
    expect(error.message).toContain('models/marts/ORDERS.sql');
    expectStrataError(parse({ 'models/Customers.sql': 'select 1', 'seeds/customers.csv': 'id\n1\n' }), {
      message: /seeds\/customers\.csv/,
    });
  });

  it('refuses two models building one relation through an alias or a schema, naming both files', () => {
    expectStrataError(
      parse({ 'models/orders.sql': 'select 1', 'models/orders_v2.sql': "{{ config(alias='ORDERS') }}\nselect 2" }),
      {
        file: 'models/orders_v2.sql',
        message: 'The model models/orders.sql and the model models/orders_v2.sql both build main.ORDERS',
      },
    );
    const files = {
      'models/a.sql': "{{ config(schema='x', alias='t') }}\nselect 1",
      'models/b.sql': "{{ config(schema='x', alias='t') }}\nselect 2",
    };
    expectStrataError(parse(files), { message: /both build main_x\.t/ });
  });

  it("refuses a model or seed building a declared source's table", () => {
    const sources =
      'version: 2\nsources:\n  - name: raw\n    schema: main\n' +
      '    tables:\n      - name: events\n        identifier: RAW_EVENTS\n';
    expectStrataError(parse({ 'models/sources.yml': sources, 'models/raw_events.sql': 'select 1' }), {
      file: 'models/raw_events.sql',
      message:
        'The model models/raw_events.sql builds main.raw_events, ' +
        "the table of source('raw', 'events') (models/sources.yml:6)",
    });
    expectStrataError(parse({ 'models/sources.yml': sources, 'seeds/raw_events.csv': 'id\n1\n' }), {
      message: /The seed seeds\/raw_events\.csv builds/,
    });
    expect(() =>
      parse({ 'models/sources.yml': sources, 'models/events.sql': "select * from {{ source('raw', 'events') }}" })(),
    ).not.toThrow();
  });

  it('lets an ephemeral or disabled model share a name with a built one', () => {
    const session = parse({
      'models/orders.sql': 'select 1',
      'models/orders_cte.sql': "{{ config(materialized='ephemeral', alias='orders') }}\nselect 2",
      'models/old_orders.sql': "{{ config(enabled=false, alias='orders') }}\nselect 3",
    })();
    expect([...session.parsed.manifest.refIndex.keys()].sort()).toEqual(['orders', 'orders_cte']);
  });

  it('refuses a model or seed named like the staging or backup table of a build, in any case', () => {
    expectStrataError(parse({ 'models/orders.sql': 'select 1', 'models/orders__strata_tmp.sql': 'select 2' }), {
      file: 'models/orders__strata_tmp.sql',
      message:
        "The model name 'orders__strata_tmp' contains '__strata_', " +
        'which Strata reserves for the tables its builds create',
      hint: /A build of 'orders' would replace or drop a table with this name\. Rename the file .* e\.g\. 'orders_tmp'/,
    });
    expectStrataError(parse({ 'models/x.sql': "{{ config(alias='Orders__STRATA_BACKUP') }}\nselect 1" }), {
      message:
        "The alias 'Orders__STRATA_BACKUP' of model 'x' contains '__strata_', " +
        'which Strata reserves for the tables its builds create',
      hint: /Change the alias/,
    });
    expectStrataError(parse({ 'seeds/orders__strata_incoming.csv': 'id\n1\n' }), {
      message: /The seed name 'orders__strata_incoming'/,
    });
  });

  it('reserves every suffix the materializations give their tables', () => {
    for (const suffix of [STAGING_SUFFIX, BACKUP_SUFFIX, INCOMING_SUFFIX])
      expect(suffix.startsWith(RESERVED_NAME_MARKER), suffix).toBe(true);
  });
});

describe('macro names', () => {
  it('refuses a macro defined in two files, naming both', () => {
    const error = expectStrataError(
      parse({
        'macros/a.sql': '{% macro cents(x) %}{{ x }}{% endmacro %}\n',
        'macros/b.sql': '\n\n{%- macro cents(x) -%}{{ x }}{% endmacro %}\n',
      }),
      {
        message: /The macro 'cents' is defined twice: macros\/a\.sql:1 and macros\/b\.sql:3/,
        hint: /rename or remove one/,
      },
    );
    expect(error.location).toEqual({ file: 'macros/b.sql', line: 3 });
  });

  it('refuses a macro defined twice in one file, naming both lines', () => {
    const text =
      '{% macro cents(x) %}{{ x }}{% endmacro %}\n' +
      '{% macro dollars(x) %}{{ x }}{% endmacro %}\n' +
      '{% macro cents(y) %}{{ y }}{% endmacro %}\n';
    expectStrataError(parse({ 'macros/money.sql': text }), {
      message: /'cents' is defined twice: macros\/money\.sql:1 and macros\/money\.sql:3/,
    });
  });

  it('accepts distinct macros across files', () => {
    const session = parse({
      'macros/a.sql': '{% macro cents(x) %}{{ x }}{% endmacro %}\n',
      'macros/b.sql': '{% macro dollars(x) %}{{ x }}{% endmacro %}\n',
    })();
    expect(
      [...session.parsed.manifest.macros.values()].map((m) => `${m.name}@${m.origin.file}:${m.origin.line}`).sort(),
    ).toEqual(['cents@macros/a.sql:1', 'dollars@macros/b.sql:1']);
  });
});
