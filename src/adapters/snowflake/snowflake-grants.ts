import type { RelationKind } from '../contract.js';
import { grantRows, type DclStyle, type GrantMap } from '../grants-dialect.js';

/** Snowflake names the object type and the grantee kind, one grantee per statement (dbt-snowflake's DCL). */
export const SNOWFLAKE_DCL: DclStyle = {
  objectKeyword: (kind: RelationKind) => (kind === 'view' ? 'view' : 'table'),
  granteePrefix: 'role ',
  onePerGrantee: true,
};

/**
 * `show grants on table ...` rows as privilege -> roles: grants to roles only, the owner's
 * OWNERSHIP left out, as dbt-snowflake reads them.
 */
export function readSnowflakeGrants(rows: ReadonlyArray<Record<string, unknown>>): GrantMap {
  const column = (row: Record<string, unknown>, name: string) => row[name] ?? row[name.toUpperCase()];
  const normalized = rows.map((row) => ({
    privilege: column(row, 'privilege'),
    grantee: column(row, 'grantee_name'),
    grantedTo: column(row, 'granted_to'),
  }));
  return grantRows(
    normalized,
    { grantee: 'grantee', privilege: 'privilege' },
    (row) => String(row.grantedTo).toUpperCase() === 'ROLE' && String(row.privilege).toUpperCase() !== 'OWNERSHIP',
  );
}
