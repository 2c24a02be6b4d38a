import { describe, expect, it } from 'vitest';
import { createDialect } from '../../../src/adapters/registry.js';
import { loadTarget } from '../../../src/config/profiles.js';
import { loadProject } from '../../../src/config/project.js';
import { Compiler } from '../../../src/compile/compiler.js';
import type { ModelNode, SnapshotNode } from '../../../src/manifest/types.js';
import { parseProject, type ParsedProject } from '../../../src/parser/parse-project.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

const PROFILES = 'shop:\n  target: dev\n  outputs:\n    dev: { type: duckdb, schema: main }\n';
const TIMESTAMP = "{{ config(unique_key='id', strategy='timestamp', updated_at='updated_at') }}";

function parse(files: Record<string, string>, projectFile = 'name: shop\n'): ParsedProject {
  const projectDir = tempProject({ 'project.yml': projectFile, 'profiles.yml': PROFILES, ...files });
  const project = loadProject(projectDir);
  const { target } = loadTarget({ projectRoot: projectDir, profilesDir: projectDir, profileName: project.profile });
  return parseProject({ project, target, dialect: createDialect(target.type) });
}

const block = (name: string, body: string) => `{% snapshot ${name} %}\n${body}\n{% endsnapshot %}\n`;

describe('snapshots', () => {
  it('parses {% snapshot %} blocks, several per file, into ref-able snapshot nodes', () => {
    const parsed = parse({
      'models/customers.sql': 'select 1 as id, current_timestamp as updated_at',
      'models/current.sql': "select * from {{ ref('customers_history') }} where dbt_valid_to is null",
      'snapshots/crm/customers.sql':
        block('customers_history', `${TIMESTAMP}\nselect * from {{ ref('customers') }}`) +
        block('customers_check', "{{ config(unique_key=['id'], strategy='check', check_cols='all') }}\nselect 1 as id"),
    });
    const node = parsed.manifest.nodes.get('snapshot.shop.customers_history') as SnapshotNode;
    expect(node).toMatchObject({
      resourceType: 'snapshot',
      fqn: ['shop', 'crm', 'customers', 'customers_history'],
      origin: { file: 'snapshots/crm/customers.sql', line: 1 },
      relation: { schema: 'main', identifier: 'customers_history' },
      dependsOn: ['model.shop.customers'],
      config: { materialized: 'snapshot' },
      snapshot: { strategy: 'timestamp', uniqueKey: ['id'], updatedAt: 'updated_at', hardDeletes: 'ignore' },
    });
    expect(parsed.manifest.nodes.get('snapshot.shop.customers_check')).toMatchObject({
      origin: { line: 5 },
      snapshot: { strategy: 'check', checkCols: 'all' },
    });
    expect((parsed.manifest.nodes.get('model.shop.current') as ModelNode).dependsOn).toEqual([
      'snapshot.shop.customers_history',
    ]);
    expect(new Compiler(parsed).compile(node).trim()).toBe('select * from "main"."customers"');
  });

  it("reads YAML snapshots (relation:), the project's snapshots: block and legacy target_schema", () => {
    const parsed = parse(
      {
        'models/orders.sql': 'select 1 as id',
        'snapshots/history.yml': [
          'snapshots:',
          '  - name: orders_history',
          '    description: Orders over time.',
          "    relation: ref('orders')",
          '    config:',
          '      unique_key: id',
          '      strategy: check',
          '      check_cols: [status]',
          '      hard_deletes: new_record',
          '      snapshot_meta_column_names: { dbt_valid_to: valid_until }',
          '  - name: orders_by_schema',
          "    relation: ref('orders')",
          '    config: { unique_key: id, strategy: check, check_cols: all, schema: history, target_schema: null }',
        ].join('\n'),
      },
      'name: shop\nsnapshots:\n  shop:\n    +target_schema: snapshots\n    +tags: [history]\n',
    );
    expect(parsed.manifest.nodes.get('snapshot.shop.orders_history')).toMatchObject({
      description: 'Orders over time.',
      rawSql: "select * from {{ ref('orders') }}",
      relation: { schema: 'snapshots', identifier: 'orders_history' },
      tags: ['history'],
      snapshot: { hardDeletes: 'new_record', columns: { dbtValidTo: 'valid_until', dbtValidFrom: 'dbt_valid_from' } },
    });
    // without target_schema, schema is a custom schema as a model's
    expect(parsed.manifest.nodes.get('snapshot.shop.orders_by_schema')).toMatchObject({
      relation: { schema: 'main_history' },
    });
    expect(parsed.warnings).toEqual([]);
  });

  it('refuses a snapshot without a strategy, unique_key or the strategy column, at its line', () => {
    expectStrataError(
      () => parse({ 'snapshots/a.sql': '\n' + block('a', "{{ config(unique_key='id') }}\nselect 1") }),
      {
        file: 'snapshots/a.sql',
        line: 3,
        message: "Snapshot 'a': no strategy is set",
      },
    );
    expectStrataError(
      () => parse({ 'snapshots/a.sql': block('a', "{{ config(strategy='check', check_cols='all') }}") }),
      {
        message: "Snapshot 'a': no unique_key is set",
      },
    );
    expectStrataError(
      () => parse({ 'snapshots/a.sql': block('a', "{{ config(unique_key='id', strategy='timestamp') }}") }),
      {
        message: "Snapshot 'a': the timestamp strategy needs updated_at",
      },
    );
    expectStrataError(
      () =>
        parse({
          'snapshots/a.sql': block(
            'a',
            "{{ config(unique_key='id', strategy='check', check_cols='all', hard_deletes='drop') }}",
          ),
        }),
      { message: 'Snapshot \'a\': invalid hard_deletes: "drop"', hint: /Use one of: ignore, invalidate, new_record/ },
    );
  });

  it('refuses an unclosed block, and a YAML entry with neither a relation nor a block', () => {
    expectStrataError(() => parse({ 'snapshots/a.sql': `\n{% snapshot a %}\n${TIMESTAMP}\nselect 1` }), {
      file: 'snapshots/a.sql',
      line: 2,
      message: "The snapshot block 'a' is not closed",
    });
    expectStrataError(() => parse({ 'snapshots/s.yml': 'snapshots:\n  - name: lonely\n' }), {
      file: 'snapshots/s.yml',
      line: 2,
      message: "The snapshot 'lonely' has no relation: and no {% snapshot %} block",
    });
  });

  it('a snapshot and a model of one name are one name too many', () => {
    expectStrataError(
      () =>
        parse({
          'models/orders.sql': 'select 1 as id',
          'snapshots/orders.sql': block('orders', `${TIMESTAMP}\nselect 1`),
        }),
      { message: /Two resources are named 'orders'/ },
    );
  });

  it('reads snapshot-paths instead of snapshots/', () => {
    const files = {
      'history/a.sql': block('a', `${TIMESTAMP}\nselect 1`),
      'snapshots/b.sql': block('b', `${TIMESTAMP}\nselect 1`),
    };
    const ids = (parsed: ParsedProject) => [...parsed.manifest.nodes.keys()];
    expect(ids(parse(files, 'name: shop\nsnapshot-paths: [history]\n'))).toEqual(['snapshot.shop.a']);
    expect(ids(parse(files))).toEqual(['snapshot.shop.b']);
  });
});
