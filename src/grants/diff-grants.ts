import type { GrantMap } from '../adapters/grants-dialect.js';

/** What to revoke and what to grant to bring the current grants to the configured ones. */
export interface GrantChanges {
  revoke: GrantMap;
  grant: GrantMap;
}

/**
 * dbt's grants diff: every current grant the config does not name is revoked (a privilege
 * the config leaves out entirely too), every configured grant not yet held is granted.
 * Grantees compare without case: warehouses fold unquoted names (Snowflake upper, the
 * others lower).
 */
export function diffGrants(current: GrantMap, config: GrantMap): GrantChanges {
  return { revoke: missingFrom(current, config), grant: missingFrom(config, current) };
}

/** The grants of `from` that `other` does not have, privilege by privilege. */
function missingFrom(from: GrantMap, other: GrantMap): GrantMap {
  const missing: GrantMap = {};
  for (const [privilege, grantees] of Object.entries(from)) {
    const held = new Set((other[privilege.toLowerCase()] ?? []).map((grantee) => grantee.toLowerCase()));
    const names = grantees.filter((grantee) => !held.has(grantee.toLowerCase()));
    if (names.length > 0) missing[privilege.toLowerCase()] = names;
  }
  return missing;
}
