import type { Dialect } from '../adapters/contract.js';
import type { RelationName } from '../manifest/types.js';

/**
 * What `ref()`, `source()` and `this` return: renders as the quoted relation, and
 * exposes its parts (`{{ this.schema }}`, `{{ ref('x').identifier }}`) like dbt's.
 */
export class TemplateRelation {
  readonly database?: string;
  readonly schema: string;
  readonly identifier: string;
  private readonly rendered: string;

  constructor(
    relation: RelationName,
    rendered: string,
    /** what `render()` gives when it differs from the text (a batch's filtered read: the plain name) */
    private readonly named = rendered,
  ) {
    this.database = relation.database;
    this.schema = relation.schema;
    this.identifier = relation.identifier;
    this.rendered = rendered;
  }

  /** dbt exposes `name` as an alias of the identifier */
  get name(): string {
    return this.identifier;
  }

  /** and `table`, as in `adapter.get_relation(this.database, this.schema, this.table)` */
  get table(): string {
    return this.identifier;
  }

  /**
   * dbt's relations are mappings: packages recognise one by `obj is mapping` and
   * `obj.get('metadata', {}).get('type', '').endswith('Relation')` (dbt_utils' `_is_relation`).
   */
  get(key: string, fallback?: unknown): unknown {
    if (key === 'metadata') return { type: 'BaseRelation' };
    const parts: Record<string, unknown> = {
      database: this.database,
      schema: this.schema,
      identifier: this.identifier,
    };
    return parts[key] ?? fallback ?? null;
  }

  /** dbt's `relation.render()`: the relation as SQL names it (unfiltered in a microbatch model's batch) */
  render(): string {
    return this.named;
  }

  static of(relation: RelationName, dialect: Dialect): TemplateRelation {
    return new TemplateRelation(relation, dialect.renderRelation(relation));
  }

  toString(): string {
    return this.rendered;
  }
}
