import type { Connection, TargetConfig } from '../adapters/contract.js';
import { asTargetRelation } from '../artifacts/artifact-relation.js';
import { Deferral } from '../compile/deferral.js';
import type { RelationReads } from '../compile/relation-reads.js';
import { StrataError } from '../errors/strata-error.js';
import { loadPreviousState } from '../graph/state.js';
import type { Manifest, RelationName } from '../manifest/types.js';
import type { RelationCache } from './relation-cache.js';

/** `--defer`, `--favor-state`, `--defer-state` and `--empty` as given. */
export interface ReadFlags {
  defer?: boolean;
  favorState?: boolean;
  /** the manifest folder to defer to, when it differs from `--state` */
  deferState?: string;
  state?: string;
  empty?: boolean;
}

/** Node kinds `ref()` can name, whose relations a deferral can read (dbt's refables). */
const REFABLE = new Set(['model', 'seed', 'snapshot']);

/**
 * How this invocation's refs and sources read: with `--defer`, a `Deferral` to the
 * relations of the state manifest, answering existence from `relations` (fill it with
 * `loadDeferredSchemas` before compiling).
 *
 * @throws StrataError when `--defer` has no state folder, or the folder holds no manifest.
 */
export function relationReads(
  manifest: Manifest,
  flags: ReadFlags,
  selected: ReadonlySet<string>,
  relations: RelationCache,
  target: TargetConfig,
): RelationReads {
  const reads: RelationReads = { empty: flags.empty === true };
  if (!flags.defer) return reads;
  const stateDir = flags.deferState ?? flags.state;
  if (stateDir === undefined) {
    throw new StrataError('--defer needs the folder of the manifest to defer to: --state DIR or --defer-state DIR', {
      hint: 'For example: strata run -s my_model --defer --state prod-artifacts',
    });
  }
  reads.deferral = new Deferral(
    stateRelations(manifest, stateDir, target),
    selected,
    flags.favorState === true,
    (relation) => Boolean(relations.get(relation)),
  );
  return reads;
}

/**
 * The relations a state manifest recorded for the project's refable nodes (models, seeds,
 * snapshots; not ephemerals), by unique id: what `--defer` reads and `clone` copies. Each is
 * named as `target` names its own (a DuckDB target's catalog, which the manifest records, left out).
 */
export function stateRelations(manifest: Manifest, stateDir: string, target: TargetConfig): Map<string, RelationName> {
  const relations = new Map<string, RelationName>();
  for (const [id, previous] of loadPreviousState(stateDir).nodes) {
    const node = manifest.nodes.get(id);
    if (node && REFABLE.has(node.resourceType) && previous.relation) {
      relations.set(id, asTargetRelation(previous.relation, target));
    }
  }
  return relations;
}

/** Read into the cache what exists in the schemas of every node the deferral could redirect. */
export async function loadDeferredSchemas(
  manifest: Manifest,
  reads: RelationReads,
  relations: RelationCache,
  connection: Connection,
): Promise<void> {
  const { deferral } = reads;
  if (!deferral) return;
  const schemas = new Map<string, { schema: string; database?: string }>();
  for (const node of manifest.nodes.values()) {
    if (!('relation' in node) || !deferral.has(node.uniqueId)) continue;
    const { schema, database } = node.relation;
    schemas.set(`${database ?? ''}.${schema}`, { schema, database });
  }
  await relations.load(connection, schemas.values());
}
