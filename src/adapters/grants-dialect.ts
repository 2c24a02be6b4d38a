import type { Dialect, RelationKind } from './contract.js';
import type { RelationName } from '../manifest/types.js';

/** privilege (lower case) -> grantees, as a `grants` config or the warehouse's current grants. */
export type GrantMap = Record<string, string[]>;

/**
 * A dialect whose warehouse applies dbt's `grants` config (Redshift and PostgreSQL,
 * Snowflake). DuckDB has no GRANT, and Athena's tables are granted through Lake Formation,
 * outside SQL: their dialects do not implement it, and a run says so once.
 */
export interface GrantsDialect extends Dialect {
  /** A query listing who holds which privilege on `relation`, the owner left out. */
  showGrants(relation: RelationName, kind: RelationKind): string;
  /** The rows of `showGrants` as privilege -> grantees. */
  readGrants(rows: ReadonlyArray<Record<string, unknown>>): GrantMap;
  /** A `grants` config with its grantees spelled as `readGrants` spells them, so the two compare. */
  configuredGrants(grants: GrantMap): GrantMap;
  /** The statements granting `privilege` on `relation` to `grantees`. */
  grantPrivilege(relation: RelationName, kind: RelationKind, privilege: string, grantees: string[]): string[];
  /** The statements revoking `privilege` on `relation` from `grantees`. */
  revokePrivilege(relation: RelationName, kind: RelationKind, privilege: string, grantees: string[]): string[];
}

export function appliesGrants(dialect: Dialect): dialect is GrantsDialect {
  return typeof (dialect as Partial<GrantsDialect>).showGrants === 'function';
}

/** How a warehouse words GRANT and REVOKE; `dclStatements` builds them from this. */
export interface DclStyle {
  /** the object type before the name (`table` on Snowflake); none on PostgreSQL/Redshift */
  objectKeyword?: (kind: RelationKind) => string;
  /** written before each grantee (`role ` on Snowflake) */
  granteePrefix?: string;
  /** how a grantee of the config is written in the statement (Redshift: `group:x` as `group x`) */
  granteeSql?: (grantee: string) => string;
  /** one statement per grantee (Snowflake) instead of one per privilege */
  onePerGrantee?: boolean;
}

/**
 * `grant select on "s"."t" to alice, bob` / `revoke select on "s"."t" from alice, bob`, as
 * dbt's default DCL; grantees are written as the config names them, or as the style's
 * `granteeSql` spells them (Redshift's `group:analysts` as `group analysts`).
 */
export function dclStatements(
  dialect: Dialect,
  verb: 'grant' | 'revoke',
  relation: RelationName,
  kind: RelationKind,
  privilege: string,
  grantees: string[],
  style: DclStyle = {},
): string[] {
  if (grantees.length === 0) return [];
  const object = `${style.objectKeyword ? `${style.objectKeyword(kind)} ` : ''}${dialect.renderRelation(relation)}`;
  const names = grantees.map((grantee) => `${style.granteePrefix ?? ''}${style.granteeSql?.(grantee) ?? grantee}`);
  const groups = style.onePerGrantee ? names.map((name) => [name]) : [names];
  const preposition = verb === 'grant' ? 'to' : 'from';
  return groups.map((group) => `${verb} ${privilege} on ${object} ${preposition} ${group.join(', ')}`);
}

/** Rows of (grantee, privilege) columns, named as the warehouse names them, as a GrantMap. */
export function grantRows(
  rows: ReadonlyArray<Record<string, unknown>>,
  columns: { grantee: string; privilege: string },
  keep: (row: Record<string, unknown>) => boolean = () => true,
): GrantMap {
  const grants: GrantMap = {};
  for (const row of rows.filter(keep)) {
    const privilege = String(row[columns.privilege]).toLowerCase();
    const grantee = String(row[columns.grantee]);
    const list = (grants[privilege] ??= []);
    if (!list.includes(grantee)) list.push(grantee);
  }
  return grants;
}
