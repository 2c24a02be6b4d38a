import type { Dialect } from '../adapters/contract.js';
import { appliesGrants } from '../adapters/grants-dialect.js';
import type { ProjectNode } from '../manifest/types.js';

/** The node kinds whose builds apply `grants`. */
const BUILDS_RELATION: ReadonlySet<string> = new Set(['model', 'seed', 'snapshot']);

/**
 * The one line a run prints when nodes it builds set `grants` on a warehouse that does not
 * apply them (DuckDB; Athena, whose tables Lake Formation grants): never silence.
 */
export function grantsNote(dialect: Dialect, nodes: Iterable<ProjectNode>): string | undefined {
  if (appliesGrants(dialect)) return undefined;
  const named = [...nodes].filter((node) => BUILDS_RELATION.has(node.resourceType) && hasGrants(node.config.grants));
  if (named.length === 0) return undefined;
  const shown = named.slice(0, 3).map((node) => node.name);
  const more = named.length > shown.length ? ` and ${named.length - shown.length} more` : '';
  return (
    `Grants are not applied on ${dialect.name} targets: ${shown.join(', ')}${more} ` +
    `set${named.length === 1 ? 's' : ''} grants, which take effect on Snowflake and Redshift/PostgreSQL targets.`
  );
}

function hasGrants(grants: Record<string, string[]> | undefined): boolean {
  return grants !== undefined && Object.values(grants).some((grantees) => grantees.length > 0);
}
