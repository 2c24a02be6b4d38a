import type { Connection, Dialect, RelationKind } from '../adapters/contract.js';
import { appliesGrants } from '../adapters/grants-dialect.js';
import type { RelationName } from '../manifest/types.js';
import { diffGrants } from './diff-grants.js';

/**
 * Apply a node's `grants` config to the relation it just built, as dbt does after each
 * build: read the current grants, revoke those the config no longer names, grant the new
 * ones. Returns the statements run (none without a config, or where the warehouse does
 * not apply grants: the run says so once, see `grantsNote`).
 */
export async function applyGrants(
  connection: Connection,
  dialect: Dialect,
  relation: RelationName,
  kind: RelationKind,
  grants: Record<string, string[]> | undefined,
): Promise<string[]> {
  // dbt leaves grants alone when the config sets none, rather than revoking everything
  if (!grants || Object.keys(grants).length === 0 || !appliesGrants(dialect)) return [];
  const { rows } = await connection.query(dialect.showGrants(relation, kind));
  const changes = diffGrants(dialect.readGrants(rows), dialect.configuredGrants(grants));
  const statements = [
    ...Object.entries(changes.revoke).flatMap(([privilege, names]) =>
      dialect.revokePrivilege(relation, kind, privilege, names),
    ),
    ...Object.entries(changes.grant).flatMap(([privilege, names]) =>
      dialect.grantPrivilege(relation, kind, privilege, names),
    ),
  ];
  for (const sql of statements) await connection.execute(sql);
  return statements;
}
