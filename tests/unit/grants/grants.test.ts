import { describe, expect, it } from 'vitest';
import type { Connection, Dialect } from '../../../src/adapters/contract.js';
import { appliesGrants } from '../../../src/adapters/grants-dialect.js';
import { createDialect } from '../../../src/adapters/registry.js';
import { applyGrants } from '../../../src/grants/apply-grants.js';
import { planView } from '../../../src/materializations/plan-view.js';
import { diffGrants } from '../../../src/grants/diff-grants.js';
import { grantsNote } from '../../../src/grants/grants-note.js';
import type { ModelNode } from '../../../src/manifest/types.js';

const orders = { database: 'analytics', schema: 'marts', identifier: 'orders' };

describe('diffGrants', () => {
  it('revokes what the config no longer names, a privilege it leaves out entirely too, and grants the new', () => {
    const current = { select: ['bi', 'intern'], insert: ['loader'] };
    expect(diffGrants(current, { select: ['bi', 'reporter'] })).toEqual({
      revoke: { select: ['intern'], insert: ['loader'] },
      grant: { select: ['reporter'] },
    });
  });

  it('changes nothing when the grants are already as configured, whatever the case of the names', () => {
    expect(diffGrants({ select: ['BI', 'REPORTER'] }, { select: ['reporter', 'bi'] })).toEqual({
      revoke: {},
      grant: {},
    });
  });
});

describe('grant SQL per warehouse', () => {
  const granting = ['redshift', 'snowflake'].map((name) => createDialect(name));

  it('is applied on Redshift/PostgreSQL and Snowflake only', () => {
    expect(['duckdb', 'athena', 'redshift', 'snowflake'].filter((name) => appliesGrants(createDialect(name)))).toEqual([
      'redshift',
      'snowflake',
    ]);
  });

  it('lists the current grants', () => {
    const sql = Object.fromEntries(
      granting.map((d) => [d.name, appliesGrants(d) ? d.showGrants(orders, 'table') : '']),
    );
    expect(sql).toMatchInlineSnapshot(`
      {
        "redshift": "select identity_name, identity_type, privilege_type
      from svv_relation_privileges
      where namespace_name = 'marts'
        and relation_name = 'orders'
        and not (identity_type = 'user' and identity_name = current_user)",
        "snowflake": "show grants on table "ANALYTICS"."MARTS"."ORDERS"",
      }
    `);
  });

  it('grants and revokes: one statement per privilege, per grantee on Snowflake', () => {
    const sql = Object.fromEntries(
      granting.map((d) => [
        d.name,
        [
          ...(appliesGrants(d) ? d.grantPrivilege(orders, 'view', 'select', ['bi', 'reporter']) : []),
          ...(appliesGrants(d) ? d.revokePrivilege(orders, 'table', 'insert', ['loader']) : []),
        ],
      ]),
    );
    expect(sql).toMatchInlineSnapshot(`
      {
        "redshift": [
          "grant select on "analytics"."marts"."orders" to bi, reporter",
          "revoke insert on "analytics"."marts"."orders" from loader",
        ],
        "snowflake": [
          "grant select on view "ANALYTICS"."MARTS"."ORDERS" to role bi",
          "grant select on view "ANALYTICS"."MARTS"."ORDERS" to role reporter",
          "revoke insert on table "ANALYTICS"."MARTS"."ORDERS" from role loader",
        ],
      }
    `);
  });

  it("reads each warehouse's answer as privilege -> grantees", () => {
    const redshift = createDialect('redshift');
    const snowflake = createDialect('snowflake');
    if (!appliesGrants(redshift) || !appliesGrants(snowflake)) throw new Error('both apply grants');
    expect(
      redshift.readGrants([
        { identity_name: 'bi', identity_type: 'user', privilege_type: 'SELECT' },
        { identity_name: 'analysts', identity_type: 'group', privilege_type: 'SELECT' },
        { identity_name: 'etl', identity_type: 'role', privilege_type: 'INSERT' },
        // PUBLIC and Redshift's reserved roles are not the config's to manage
        { identity_name: 'public', identity_type: 'public', privilege_type: 'SELECT' },
        { identity_name: 'sys:monitor', identity_type: 'role', privilege_type: 'SELECT' },
        { identity_name: 'ds:share', identity_type: 'role', privilege_type: 'SELECT' },
      ]),
    ).toEqual({ select: ['user:bi', 'group:analysts'], insert: ['role:etl'] });
    expect(
      snowflake.readGrants([
        { privilege: 'OWNERSHIP', granted_to: 'ROLE', grantee_name: 'TRANSFORMER' },
        { privilege: 'SELECT', granted_to: 'ROLE', grantee_name: 'BI' },
        { privilege: 'SELECT', granted_to: 'SHARE', grantee_name: 'PARTNER' },
      ]),
    ).toEqual({ select: ['BI'] });
  });
});

describe("Snowflake's copy_grants", () => {
  it('keeps the grants of the table a rebuild replaces, when set', () => {
    const snowflake = createDialect('snowflake');
    const sql = (extra: Record<string, unknown>) =>
      snowflake.createTableAs(orders, 'select 1', { replace: true, extra });
    expect(sql({ copy_grants: true })).toBe(
      'CREATE OR REPLACE TRANSIENT TABLE "ANALYTICS"."MARTS"."ORDERS" COPY GRANTS AS (\nselect 1\n)',
    );
    expect(sql({})).toBe('CREATE OR REPLACE TRANSIENT TABLE "ANALYTICS"."MARTS"."ORDERS" AS (\nselect 1\n)');
  });

  it('keeps the grants of the view a rebuild replaces, when set', () => {
    const snowflake = createDialect('snowflake');
    const sql = (extra: Record<string, unknown>) => snowflake.createViewAs(orders, 'select 1', { extra });
    expect(sql({ copy_grants: true })).toBe(
      'CREATE OR REPLACE VIEW "ANALYTICS"."MARTS"."ORDERS" COPY GRANTS AS (\nselect 1\n)',
    );
    expect(sql({ copy_grants: false })).toBe('CREATE OR REPLACE VIEW "ANALYTICS"."MARTS"."ORDERS" AS (\nselect 1\n)');
    // the view plan of a model passes its config through
    const [step] = planView(snowflake, {
      relation: orders,
      selectSql: 'select 1',
      options: { extra: { copy_grants: true } },
    });
    expect(step?.sql).toContain('COPY GRANTS');
  });
});

describe('applyGrants', () => {
  /** A connection answering the grants query with `current`, recording what it is asked to run. */
  function recording(current: Record<string, unknown>[]): { connection: Connection; executed: string[] } {
    const executed: string[] = [];
    const connection = {
      query: async () => ({ rows: current, columns: [] }),
      execute: async (sql: string) => {
        executed.push(sql);
        return {};
      },
    } as unknown as Connection;
    return { connection, executed };
  }

  it('runs the revokes then the grants that bring the relation to its config', async () => {
    const { connection, executed } = recording([
      { identity_name: 'intern', identity_type: 'user', privilege_type: 'SELECT' },
    ]);
    const statements = await applyGrants(connection, createDialect('redshift'), orders, 'table', { select: ['bi'] });
    expect(statements).toEqual([
      'revoke select on "analytics"."marts"."orders" from intern',
      'grant select on "analytics"."marts"."orders" to bi',
    ]);
    expect(executed).toEqual(statements);
  });

  it("revokes a Redshift group or role the config stops naming, in dbt-redshift's grantee forms", async () => {
    const { connection, executed } = recording([
      { identity_name: 'analysts', identity_type: 'group', privilege_type: 'SELECT' },
      { identity_name: 'etl', identity_type: 'role', privilege_type: 'SELECT' },
      { identity_name: 'bi', identity_type: 'user', privilege_type: 'SELECT' },
      { identity_name: 'finance', identity_type: 'group', privilege_type: 'SELECT' },
    ]);
    // `group finance` (GRANT's own words), `user:bi` and a bare user name all name what is held
    const config = { select: ['group finance', 'user:bi', 'role:auditor', 'Group:Readers', 'carol'] };
    const statements = await applyGrants(connection, createDialect('redshift'), orders, 'table', config);
    expect(statements).toEqual([
      'revoke select on "analytics"."marts"."orders" from group analysts, role etl',
      'grant select on "analytics"."marts"."orders" to role auditor, group Readers, carol',
    ]);
    expect(executed).toEqual(statements);
  });

  it('changes nothing on Redshift when the groups, roles and users named already hold the grants', async () => {
    const { connection, executed } = recording([
      { identity_name: 'analysts', identity_type: 'group', privilege_type: 'SELECT' },
      { identity_name: 'bi', identity_type: 'user', privilege_type: 'SELECT' },
    ]);
    const config = { select: ['group:analysts', 'bi'] };
    expect(await applyGrants(connection, createDialect('redshift'), orders, 'table', config)).toEqual([]);
    expect(executed).toEqual([]);
  });

  it('leaves the grants alone without a config, and on a warehouse that does not apply them', async () => {
    const { connection, executed } = recording([{ grantee: 'intern', privilege_type: 'SELECT' }]);
    expect(await applyGrants(connection, createDialect('redshift'), orders, 'table', undefined)).toEqual([]);
    expect(await applyGrants(connection, createDialect('duckdb'), orders, 'table', { select: ['bi'] })).toEqual([]);
    expect(executed).toEqual([]);
  });
});

describe('grantsNote', () => {
  const model = (name: string, grants?: Record<string, string[]>) =>
    ({ name, resourceType: 'model', config: { grants } }) as unknown as ModelNode;

  it('says once per run that grants are not applied on DuckDB and Athena, naming the nodes', () => {
    const nodes = [model('a', { select: ['bi'] }), model('b'), model('c', { select: ['bi'] })];
    for (const name of ['duckdb', 'athena']) {
      expect(grantsNote(createDialect(name) as Dialect, nodes)).toBe(
        `Grants are not applied on ${name} targets: a, c set grants, ` +
          'which take effect on Snowflake and Redshift/PostgreSQL targets.',
      );
    }
    expect(grantsNote(createDialect('redshift'), nodes)).toBeUndefined();
    expect(grantsNote(createDialect('duckdb'), [model('b')])).toBeUndefined();
  });
});
