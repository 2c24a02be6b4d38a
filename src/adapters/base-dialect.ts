import { formatEventTime } from '../microbatch/batch-window.js';
import type { RelationName } from '../manifest/types.js';
import type {
  ColumnDescription,
  Dialect,
  DialectCapabilities,
  RelationKind,
  TableOptions,
  ViewOptions,
} from './contract.js';
import { ContractSql } from './contract-sql.js';
import { dclStatements, grantRows, type DclStyle, type GrantMap } from './grants-dialect.js';

/** Aliases used inside MERGE and DELETE so that column references are unambiguous. */
export const TARGET_ALIAS = 'strata_target';
export const SOURCE_ALIAS = 'strata_source';

/**
 * A Dialect with ANSI SQL defaults. Warehouses subclass it and override only their quirks,
 * mostly by setting the protected knobs below (and those of `SqlFunctions`, the SQL of the
 * cross-database macros) rather than re-implementing methods, so that two warehouses
 * sharing a quirk share the code here.
 */
export abstract class BaseDialect extends ContractSql implements Dialect {
  abstract readonly name: string;

  /** Conservative defaults: no transactional DDL, no MERGE, no CREATE OR REPLACE VIEW. */
  readonly capabilities: DialectCapabilities = {
    transactionalDdl: false,
    transactions: true,
    merge: false,
    createOrReplaceView: false,
    incrementalStrategies: ['append', 'delete+insert'],
  };

  /** Snowflake and Trino resolve an unqualified RENAME TO target in the session's schema. */
  protected readonly qualifyRenameTarget: boolean = false;

  /** PostgreSQL and Redshift want an alias on a subquery in FROM; DuckDB, Snowflake and Trino do not. */
  protected readonly subqueryNeedsAlias: boolean = true;

  quoteIdentifier(identifier: string): string {
    return `"${identifier.replace(/"/g, '""')}"`;
  }

  renderRelation(relation: RelationName): string {
    const parts = [relation.database, relation.schema, relation.identifier].filter((p): p is string => !!p);
    return parts.map((part) => this.quoteIdentifier(part)).join('.');
  }

  emptyRead(from: string, identifier: string): string {
    // no alias where optional, so a model's own alias after the ref (`from {{ ref('x') }} x`) still parses
    const alias = this.subqueryNeedsAlias ? ` ${this.quoteIdentifier(`_strata_empty_${identifier}`)}` : '';
    return `(select * from ${from} where false limit 0)${alias}`;
  }

  cloneTable(_target: RelationName, _source: RelationName, _options?: TableOptions): string | undefined {
    // no zero-copy clone: `strata clone` makes a view reading the source instead, as dbt does
    return undefined;
  }

  createSchema(schema: string, database?: string): string {
    const name = [database, schema].filter((p): p is string => !!p).map((p) => this.quoteIdentifier(p));
    return `CREATE SCHEMA IF NOT EXISTS ${name.join('.')}`;
  }

  createTable(relation: RelationName, columns: ColumnDescription[]): string {
    const defs = columns.map((c) => `  ${this.quoteIdentifier(c.name)} ${c.dataType}`).join(',\n');
    return `CREATE TABLE ${this.renderRelation(relation)} (\n${defs}\n)`;
  }

  createTableWithDefinitions(relation: RelationName, definitions: string[], _options?: TableOptions): string {
    return `CREATE TABLE ${this.renderRelation(relation)} (\n${definitions.map((d) => `  ${d}`).join(',\n')}\n)`;
  }

  // The select goes on its own lines so that a trailing `-- comment` cannot swallow the `)`.
  createTableAs(relation: RelationName, selectSql: string, _options?: TableOptions): string {
    return `CREATE TABLE ${this.renderRelation(relation)} AS (\n${selectSql}\n)`;
  }

  createViewAs(relation: RelationName, selectSql: string, _options?: ViewOptions): string {
    const verb = this.capabilities.createOrReplaceView ? 'CREATE OR REPLACE VIEW' : 'CREATE VIEW';
    return `${verb} ${this.renderRelation(relation)} AS (\n${selectSql}\n)`;
  }

  dropRelation(relation: RelationName, kind: RelationKind): string {
    return `DROP ${this.relationKeyword(kind)} IF EXISTS ${this.renderRelation(relation)}`;
  }

  renameRelation(from: RelationName, toIdentifier: string, kind: RelationKind): string {
    const to = this.qualifyRenameTarget
      ? this.renderRelation({ ...from, identifier: toIdentifier })
      : this.quoteIdentifier(toIdentifier);
    return `ALTER ${this.relationKeyword(kind)} ${this.renderRelation(from)} RENAME TO ${to}`;
  }

  insertInto(target: RelationName, source: RelationName, columns: string[]): string {
    const list = this.columnList(columns);
    return `INSERT INTO ${this.renderRelation(target)} (${list})\nSELECT ${list} FROM ${this.renderRelation(source)}`;
  }

  insertValues(target: RelationName, columns: string[], rows: string[][]): string {
    const values = rows.map((row) => `  (${row.join(', ')})`).join(',\n');
    return `INSERT INTO ${this.renderRelation(target)} (${this.columnList(columns)}) VALUES\n${values}`;
  }

  merge(target: RelationName, source: RelationName, uniqueKey: string[], columns: string[]): string {
    const keys = new Set(uniqueKey.map((k) => k.toLowerCase()));
    const updates = columns.filter((c) => !keys.has(c.toLowerCase()));
    const lines = [
      `MERGE INTO ${this.renderRelation(target)} AS ${TARGET_ALIAS}`,
      `USING ${this.renderRelation(source)} AS ${SOURCE_ALIAS}`,
      `ON (${this.keyMatch(uniqueKey)})`,
    ];
    // Updating the join keys is pointless and some warehouses reject it; with only key
    // columns there is nothing to update, so the matched branch is left out.
    if (updates.length > 0) {
      const set = updates.map((c) => `${this.quoteIdentifier(c)} = ${SOURCE_ALIAS}.${this.quoteIdentifier(c)}`);
      lines.push(`WHEN MATCHED THEN UPDATE SET ${set.join(', ')}`);
    }
    const values = columns.map((c) => `${SOURCE_ALIAS}.${this.quoteIdentifier(c)}`).join(', ');
    lines.push(`WHEN NOT MATCHED THEN INSERT (${this.columnList(columns)}) VALUES (${values})`);
    return lines.join('\n');
  }

  // An untyped literal with an explicit offset takes the column's type: a naive timestamp
  // or a date ignores the offset, an aware one reads it (dbt-labs/dbt-core#10976).
  eventTimeLiteral(instant: Date): string {
    return this.quoteString(formatEventTime(instant));
  }

  aliasSubquery(subquery: string, alias: string): string {
    return this.subqueryNeedsAlias ? `(${subquery}) ${this.quoteIdentifier(alias)}` : `(${subquery})`;
  }

  deleteMatching(target: RelationName, source: RelationName, uniqueKey: string[]): string {
    const from = `DELETE FROM ${this.renderRelation(target)}`;
    const [only] = uniqueKey;
    if (uniqueKey.length === 1 && only !== undefined) {
      const key = this.quoteIdentifier(only);
      return `${from}\nWHERE ${key} IN (SELECT ${key} FROM ${this.renderRelation(source)})`;
    }
    // Row-value IN is not portable; a correlated EXISTS is.
    return (
      `${from} AS ${TARGET_ALIAS}\nWHERE EXISTS (\n` +
      `  SELECT 1 FROM ${this.renderRelation(source)} AS ${SOURCE_ALIAS}\n` +
      `  WHERE ${this.keyMatch(uniqueKey)}\n)`
    );
  }

  updateFrom(target: RelationName, source: RelationName, columns: string[], condition: string): string {
    const set = columns.map((c) => `${this.quoteIdentifier(c)} = ${SOURCE_ALIAS}.${this.quoteIdentifier(c)}`);
    return (
      `UPDATE ${this.renderRelation(target)} AS ${TARGET_ALIAS}\nSET ${set.join(', ')}\n` +
      `FROM ${this.renderRelation(source)} AS ${SOURCE_ALIAS}\nWHERE ${condition}`
    );
  }

  addColumn(relation: RelationName, column: ColumnDescription): string {
    const table = this.renderRelation(relation);
    return `ALTER TABLE ${table} ADD COLUMN ${this.quoteIdentifier(column.name)} ${column.dataType}`;
  }

  dropColumn(relation: RelationName, column: string): string {
    return `ALTER TABLE ${this.renderRelation(relation)} DROP COLUMN ${this.quoteIdentifier(column)}`;
  }

  beginTransaction(): string {
    return 'BEGIN';
  }

  commitTransaction(): string {
    return 'COMMIT';
  }

  rollbackTransaction(): string {
    return 'ROLLBACK';
  }

  protected relationKeyword(kind: RelationKind): string {
    return kind === 'view' ? 'VIEW' : 'TABLE';
  }

  protected columnList(columns: string[]): string {
    return columns.map((c) => this.quoteIdentifier(c)).join(', ');
  }

  /** `strata_target."k" = strata_source."k" AND ...` */
  protected keyMatch(uniqueKey: string[]): string {
    return uniqueKey
      .map((k) => `${TARGET_ALIAS}.${this.quoteIdentifier(k)} = ${SOURCE_ALIAS}.${this.quoteIdentifier(k)}`)
      .join(' AND ');
  }
  /** How GRANT and REVOKE are worded here (grants-dialect.ts); dbt's default DCL unless set. */
  protected readonly dclStyle: DclStyle = {};

  /** `grant select on "s"."t" to a, b`: used where the dialect also lists grants (`showGrants`). */
  grantPrivilege(relation: RelationName, kind: RelationKind, privilege: string, grantees: string[]): string[] {
    return dclStatements(this, 'grant', relation, kind, privilege, grantees, this.dclStyle);
  }

  /** `revoke select on "s"."t" from a, b` */
  revokePrivilege(relation: RelationName, kind: RelationKind, privilege: string, grantees: string[]): string[] {
    return dclStatements(this, 'revoke', relation, kind, privilege, grantees, this.dclStyle);
  }

  /** The rows of `showGrants` (columns `grantee`, `privilege_type`) as privilege -> grantees. */
  readGrants(rows: ReadonlyArray<Record<string, unknown>>): GrantMap {
    return grantRows(rows, { grantee: 'grantee', privilege: 'privilege_type' });
  }

  /** The grantees of a `grants` config as `readGrants` spells them: as written, unless a warehouse says otherwise. */
  configuredGrants(grants: GrantMap): GrantMap {
    return grants;
  }
}
