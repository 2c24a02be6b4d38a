import { describe, expect, it } from 'vitest';
import { createDialect } from '../../../src/adapters/registry.js';
import { StrataError } from '../../../src/errors/strata-error.js';
import type { Constraint } from '../../../src/manifest/types.js';
import {
  contractFailure,
  diffContract,
  emptyResultQuery,
  type ModelContractSpec,
} from '../../../src/materializations/contract-check.js';
import { contractDdl } from '../../../src/materializations/contract-ddl.js';
import { planTable } from '../../../src/materializations/plan-table.js';
import { orders, sideBySide, WAREHOUSES } from './fixtures.js';

const constraint = (type: Constraint['type'], more: Partial<Constraint> = {}): Constraint => ({
  type,
  warnUnenforced: true,
  warnUnsupported: true,
  toColumns: [],
  columns: [],
  line: 7,
  ...more,
});

const spec: ModelContractSpec = {
  model: 'orders',
  file: 'models/_models.yml',
  aliasTypes: true,
  columns: [
    { name: 'id', dataType: 'int', constraints: [constraint('not_null'), constraint('primary_key')] },
    {
      name: 'customer_id',
      dataType: 'integer',
      constraints: [constraint('foreign_key', { to: '"shop"."customers"', toColumns: ['id'] })],
    },
    { name: 'status', dataType: 'string', constraints: [] },
  ],
  constraints: [
    constraint('check', { name: 'status_known', expression: "status in ('placed', 'shipped')" }),
    constraint('unique', { columns: ['id', 'status'], warnUnenforced: false }),
  ],
};

describe('contract type comparison', () => {
  const same = (warehouse: string, a: string, b: string) => {
    const dialect = createDialect(warehouse);
    return dialect.normalizeDataType(a) === dialect.normalizeDataType(b);
  };

  it('treats each warehouse spelling of one type as the same, sizes aside', () => {
    expect(same('duckdb', 'int', 'INTEGER')).toBe(true);
    expect(same('duckdb', 'text', 'VARCHAR')).toBe(true);
    expect(same('duckdb', 'numeric(10, 2)', 'DECIMAL(18,3)')).toBe(true);
    expect(same('duckdb', 'timestamptz', 'TIMESTAMP WITH TIME ZONE')).toBe(true);
    expect(same('redshift', 'varchar(20)', 'character varying')).toBe(true);
    expect(same('redshift', 'float', 'double precision')).toBe(true);
    expect(same('redshift', 'timestamp', 'timestamp without time zone')).toBe(true);
    expect(same('snowflake', 'int', 'NUMBER(38,0)')).toBe(true);
    expect(same('snowflake', 'string', 'VARCHAR')).toBe(true);
    expect(same('snowflake', 'timestamp', 'TIMESTAMP_NTZ')).toBe(true);
    expect(same('athena', 'string', 'varchar')).toBe(true);
    expect(same('athena', 'int', 'integer')).toBe(true);
    expect(same('athena', 'timestamp', 'timestamp(3)')).toBe(true);
  });

  it('keeps different types apart, as each warehouse sees them', () => {
    expect(same('duckdb', 'int', 'BIGINT')).toBe(false);
    expect(same('duckdb', 'text', 'INTEGER')).toBe(false);
    // FLOAT is single precision on DuckDB and Trino, double on PostgreSQL and Redshift
    expect(same('duckdb', 'float', 'DOUBLE')).toBe(false);
    expect(same('athena', 'float', 'double')).toBe(false);
    expect(same('redshift', 'float', 'real')).toBe(false);
    expect(same('redshift', 'timestamp', 'timestamp with time zone')).toBe(false);
    expect(same('snowflake', 'timestamp', 'TIMESTAMP_TZ')).toBe(false);
  });
});

describe('contract differences', () => {
  const duckdb = createDialect('duckdb');

  it('lists every difference with its reason, sorted by column name, names compared without case', () => {
    const produced = [
      { name: 'ID', dataType: 'VARCHAR' },
      { name: 'customer_id', dataType: 'INTEGER' },
      { name: 'extra', dataType: 'BIGINT' },
    ];
    expect(diffContract(duckdb, spec.columns, produced)).toEqual([
      { column: 'extra', definitionType: 'BIGINT', contractType: '', reason: 'missing in contract' },
      { column: 'id', definitionType: 'VARCHAR', contractType: 'INT', reason: 'data type mismatch' },
      { column: 'status', definitionType: '', contractType: 'STRING', reason: 'missing in definition' },
    ]);
  });

  it('finds nothing when the names and types agree, in any order', () => {
    const produced = [
      { name: 'status', dataType: 'VARCHAR' },
      { name: 'id', dataType: 'INTEGER' },
      { name: 'customer_id', dataType: 'INTEGER' },
    ];
    expect(diffContract(duckdb, spec.columns, produced)).toEqual([]);
  });

  it("fails with dbt's table of differences", () => {
    const error = contractFailure(spec, [
      { column: 'id', definitionType: 'VARCHAR', contractType: 'INT', reason: 'data type mismatch' },
      { column: 'status', definitionType: '', contractType: 'STRING', reason: 'missing in definition' },
    ]);
    expect(error).toBeInstanceOf(StrataError);
    expect(error.location).toEqual({ file: 'models/_models.yml', line: undefined });
    expect(error.message.split('\n').slice(-4)).toEqual([
      '| column_name | definition_type | contract_type | mismatch_reason       |',
      '| ----------- | --------------- | ------------- | --------------------- |',
      '| id          | VARCHAR         | INT           | data type mismatch    |',
      '| status      |                 | STRING        | missing in definition |',
    ]);
    expect(error.message).toMatch(/^Model "orders" has an enforced contract that failed; nothing was built/);
  });

  it('reads the columns of the query through a wrapper returning no rows', () => {
    expect(emptyResultQuery('select 1 as id;\n')).toBe(
      'SELECT * FROM (\nselect 1 as id\n) AS strata_contract_subquery WHERE 1 = 0',
    );
  });
});

describe('contracted DDL per warehouse', () => {
  const ddl = Object.fromEntries(WAREHOUSES.map((name) => [name, contractDdl(createDialect(name), spec)]));

  it('renders the constraints each warehouse takes, in the contract order', () => {
    expect(Object.fromEntries(WAREHOUSES.map((name) => [name, ddl[name]!.definitions]))).toMatchInlineSnapshot(`
      {
        "athena": [
          ""id" int",
          ""customer_id" integer",
          ""status" varchar",
        ],
        "duckdb": [
          ""id" int NOT NULL PRIMARY KEY",
          ""customer_id" integer",
          ""status" VARCHAR",
          "CONSTRAINT "status_known" CHECK (status in ('placed', 'shipped'))",
          "UNIQUE ("id", "status")",
        ],
        "redshift": [
          ""id" int NOT NULL PRIMARY KEY",
          ""customer_id" integer REFERENCES "shop"."customers" ("id")",
          ""status" VARCHAR(65535)",
          "UNIQUE ("id", "status")",
        ],
        "snowflake": [
          ""ID" int NOT NULL PRIMARY KEY",
          ""CUSTOMER_ID" integer REFERENCES "shop"."customers" ("ID")",
          ""STATUS" VARCHAR",
          "UNIQUE ("ID", "STATUS")",
        ],
      }
    `);
  });

  it("renders dbt 1.9's model-level keys of several columns: primary key, unique and foreign key", () => {
    const keys: ModelContractSpec = {
      ...spec,
      columns: spec.columns.map((column) => ({ ...column, constraints: [] })),
      constraints: [
        constraint('primary_key', { name: 'orders_pk', columns: ['id', 'status'] }),
        constraint('foreign_key', { columns: ['customer_id'], to: '"shop"."customers"', toColumns: ['id'] }),
        constraint('not_null', { columns: ['customer_id', 'status'] }),
      ],
    };
    const definitions = (name: string) => contractDdl(createDialect(name), keys).definitions;
    expect(definitions('redshift')).toEqual([
      '"id" int',
      '"customer_id" integer NOT NULL',
      '"status" VARCHAR(65535) NOT NULL',
      'CONSTRAINT "orders_pk" PRIMARY KEY ("id", "status")',
      'FOREIGN KEY ("customer_id") REFERENCES "shop"."customers" ("id")',
    ]);
    // DuckDB's dialect does not take foreign keys (not_supported): left out, with a warning
    expect(definitions('duckdb').slice(3)).toEqual(['CONSTRAINT "orders_pk" PRIMARY KEY ("id", "status")']);
  });

  it('warns once per constraint a warehouse does not enforce or take, unless told not to', () => {
    const kinds = (name: string) =>
      ddl[name]!.warnings.map((w) => /constraint type (\w+) is not (enforced|supported)/.exec(w)!.slice(1).join(' '));
    expect(kinds('duckdb')).toEqual(['foreign_key supported']);
    // the model-level unique says warn_unenforced: false
    expect(kinds('redshift')).toEqual(['primary_key enforced', 'foreign_key enforced', 'check supported']);
    expect(kinds('snowflake')).toEqual(kinds('redshift'));
    expect(kinds('athena')).toEqual([
      'not_null supported',
      'primary_key supported',
      'foreign_key supported',
      'check supported',
      'unique supported',
    ]);
    expect(ddl['redshift']!.warnings[0]).toBe(
      'models/_models.yml:7: model "orders": the constraint type primary_key is not enforced by redshift. ' +
        "The constraint will be included in this model's DDL statement, but it will not guarantee anything " +
        "about the underlying data. Set 'warn_unenforced: false' on this constraint to ignore this warning.",
    );
  });

  it("keeps Redshift's dist and sort after the column definitions, and Snowflake's TRANSIENT", () => {
    const definitions = ['"id" INTEGER NOT NULL'];
    const extra = { dist: 'id', sort: ['id'], transient: true };
    expect(createDialect('redshift').createTableWithDefinitions(orders, definitions, { extra })).toBe(
      'CREATE TABLE "shop"."orders" (\n  "id" INTEGER NOT NULL\n)\n' +
        'DISTSTYLE KEY DISTKEY ("id")\nCOMPOUND SORTKEY ("id")',
    );
    expect(createDialect('snowflake').createTableWithDefinitions(orders, definitions, { extra })).toBe(
      'CREATE TRANSIENT TABLE "SHOP"."ORDERS" (\n  "id" INTEGER NOT NULL\n)',
    );
  });

  it('writes the contract types as written when alias_types is off', () => {
    const raw = contractDdl(createDialect('duckdb'), { ...spec, aliasTypes: false, constraints: [] });
    expect(raw.definitions[2]).toBe('"status" string');
  });
});

describe('planTable with a contract', () => {
  it('creates the table from its definitions, fills it, then swaps it in (Snowflake: one CTAS)', () => {
    const contract = { columns: ['id', 'status'], definitions: ['"id" INTEGER NOT NULL', '"status" TEXT'] };
    expect(
      // Athena builds every table by CTAS through the catalog plans: no column DDL there
      sideBySide((d) => planTable(d, { relation: orders, selectSql: 'select 1', existing: 'table', contract }), {
        athena: () => [],
      }),
    ).toMatchInlineSnapshot(`
      {
        "athena": "",
        "duckdb": "-- create the contracted table beside the old relation
      CREATE TABLE "shop"."orders__strata_tmp" (
        "id" INTEGER NOT NULL,
        "status" TEXT
      );
      -- fill it with the model's rows [rows]
      INSERT INTO "shop"."orders__strata_tmp" ("id", "status")
      SELECT "id", "status"
      FROM (
      select 1
      ) AS model_subq;
      -- begin transaction
      BEGIN;
      -- drop the old table
      DROP TABLE IF EXISTS "shop"."orders";
      -- rename the new table in
      ALTER TABLE "shop"."orders__strata_tmp" RENAME TO "orders";
      -- commit transaction
      COMMIT;",
        "redshift": "-- create the contracted table beside the old relation
      CREATE TABLE "shop"."orders__strata_tmp" (
        "id" INTEGER NOT NULL,
        "status" TEXT
      );
      -- fill it with the model's rows [rows]
      INSERT INTO "shop"."orders__strata_tmp" ("id", "status")
      SELECT "id", "status"
      FROM (
      select 1
      ) AS model_subq;
      -- begin transaction
      BEGIN;
      -- drop the old table
      DROP TABLE IF EXISTS "shop"."orders" CASCADE;
      -- rename the new table in
      ALTER TABLE "shop"."orders__strata_tmp" RENAME TO "orders";
      -- commit transaction
      COMMIT;",
        "snowflake": "-- build and swap in one statement [rows]
      CREATE OR REPLACE TRANSIENT TABLE "SHOP"."ORDERS" (
        "id" INTEGER NOT NULL,
        "status" TEXT
      ) AS (
      SELECT "ID", "STATUS"
      FROM (
      select 1
      ) AS model_subq
      );",
      }
    `);
  });
});
