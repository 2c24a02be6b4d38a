import type { RelationName } from '../../manifest/types.js';
import type { BaseDialect } from '../base-dialect.js';
import { grantRows, type DclStyle, type GrantMap } from '../grants-dialect.js';

/** The kinds of grantee Redshift has, as dbt-redshift prefixes them in a `grants` config. */
const KINDS = ['user', 'group', 'role'] as const;

// a grantee written `group:analysts`, or in the GRANT's own words, `group analysts`
const PREFIXED = /^\s*(user|group|role)\s*:\s*(.+)$/i;
const WORDED = /^\s*(group|role)\s+(.+)$/i;

/**
 * Who holds which privilege on a relation, on Redshift: users, groups and roles alike, from
 * `svv_relation_privileges` (as dbt-redshift reads them with `redshift_grants_extended`),
 * so a group or role the config stops naming is revoked too. The user running the build is
 * left out: it owns what it builds.
 */
export function redshiftShowGrants(dialect: BaseDialect, relation: RelationName): string {
  return [
    'select identity_name, identity_type, privilege_type',
    'from svv_relation_privileges',
    `where namespace_name = ${dialect.quoteString(relation.schema)}`,
    `  and relation_name = ${dialect.quoteString(relation.identifier)}`,
    "  and not (identity_type = 'user' and identity_name = current_user)",
  ].join('\n');
}

/**
 * The rows of `redshiftShowGrants` as privilege -> `kind:name` grantees. Grants to PUBLIC and
 * to Redshift's reserved roles (`sys:*`, datashare `ds:*`) are not the config's to manage.
 */
export function readRedshiftGrants(rows: ReadonlyArray<Record<string, unknown>>): GrantMap {
  const prefixed = rows
    .map((row) => ({
      kind: String(row['identity_type']).toLowerCase(),
      name: String(row['identity_name']),
      privilege: row['privilege_type'],
    }))
    .filter(({ kind, name }) => (KINDS as readonly string[]).includes(kind) && !/^(sys|ds):/i.test(name))
    .map(({ kind, name, privilege }) => ({ grantee: `${kind}:${name}`, privilege }));
  return grantRows(prefixed, { grantee: 'grantee', privilege: 'privilege' });
}

/** A config's grantee as `kind:name`: a bare name is a user, as in dbt-redshift. */
export function redshiftGrantee(written: string): string {
  const match = PREFIXED.exec(written) ?? WORDED.exec(written);
  return match ? `${match[1]!.toLowerCase()}:${match[2]!.trim()}` : `user:${written.trim()}`;
}

/** A `grants` config with each grantee as `kind:name`, comparable with `readRedshiftGrants`. */
export function configuredRedshiftGrants(grants: GrantMap): GrantMap {
  return Object.fromEntries(
    Object.entries(grants).map(([privilege, grantees]) => [privilege, [...new Set(grantees.map(redshiftGrantee))]]),
  );
}

/** GRANT / REVOKE name a group `group analysts`, a role `role etl`, and a user by its name. */
export const REDSHIFT_DCL: DclStyle = {
  granteeSql: (grantee) => {
    const [kind, ...name] = redshiftGrantee(grantee).split(':');
    return kind === 'user' ? name.join(':') : `${kind} ${name.join(':')}`;
  },
};
