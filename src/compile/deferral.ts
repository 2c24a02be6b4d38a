import type { RelationName } from '../manifest/types.js';

/** A node `ref()` can point at: what deferral needs to know of it. */
export interface DeferrableNode {
  uniqueId: string;
  relation: RelationName;
}

/**
 * `--defer --state DIR`, as dbt's: a `ref()` to a node reads the relation the state
 * manifest recorded for it when the node's own relation does not exist in the current
 * target, or, with `--favor-state`, whenever the node is not selected. Existence is asked
 * of the run's relation cache at the moment of the ref, so a parent built earlier in the
 * same run is read where it was built.
 */
export class Deferral {
  constructor(
    /** the state manifest's relations, by unique id (ephemerals have none) */
    private readonly stateRelations: ReadonlyMap<string, RelationName>,
    /** the nodes this invocation selected */
    private readonly selected: ReadonlySet<string>,
    private readonly favorState: boolean,
    /** whether a relation exists in the current target */
    private readonly exists: (relation: RelationName) => boolean,
  ) {}

  /** The relation a `ref()` to `node` reads. */
  relationOf(node: DeferrableNode): RelationName {
    const deferred = this.stateRelations.get(node.uniqueId);
    if (!deferred) return node.relation;
    if (this.favorState && !this.selected.has(node.uniqueId)) return deferred;
    return this.exists(node.relation) ? node.relation : deferred;
  }

  /** Whether the state manifest knows a relation for the node. */
  has(uniqueId: string): boolean {
    return this.stateRelations.has(uniqueId);
  }
}
