/**
 * dbt's relation and column objects and the adapter methods that return them:
 * `api.Relation.create(...)`, `adapter.get_relation(...)`, `load_relation(...)`,
 * `adapter.get_columns_in_relation(...)`, `adapter.quote(...)`.
 */
import type { ColumnDescription, Dialect, ExistingRelation } from '../../adapters/contract.js';
import { StrataError } from '../../errors/strata-error.js';
import type { RelationName } from '../../manifest/types.js';
import { TemplateRelation } from '../relation.js';
import { splitArguments } from '../template-args.js';

/** A relation as `api.Relation.create` and the introspective calls return it: with its type. */
export class DbtRelation extends TemplateRelation {
  constructor(
    relation: RelationName,
    private readonly dialect: Dialect,
    /** `table`, `view`, `external`, or null when unknown */
    readonly type: string | null = null,
  ) {
    super(relation, dialect.renderRelation(relation));
  }

  get is_table(): boolean {
    return this.type === 'table';
  }

  get is_view(): boolean {
    return this.type === 'view';
  }

  override render(): string {
    return this.toString();
  }

  /** `include(database=False, schema=True, identifier=True)`: the relation with some parts left out. */
  include(...args: unknown[]): DbtRelation {
    const { keywords } = splitArguments(args);
    const keep = (name: string) => keywords[name] !== false;
    return new DbtRelation(
      {
        database: keep('database') ? this.database : undefined,
        schema: keep('schema') ? this.schema : '',
        identifier: keep('identifier') ? this.identifier : '',
      },
      this.dialect,
      this.type,
    );
  }

  /** `incorporate(path={...}, type=...)`: a copy with some parts changed. */
  incorporate(...args: unknown[]): DbtRelation {
    const { keywords } = splitArguments(args);
    const path = (keywords.path ?? {}) as Record<string, unknown>;
    const part = (name: string, current: string | undefined) => (name in path ? String(path[name]) : current);
    return new DbtRelation(
      {
        database: part('database', this.database),
        schema: part('schema', this.schema) ?? '',
        identifier: part('identifier', this.identifier) ?? '',
      },
      this.dialect,
      keywords.type === undefined ? this.type : String(keywords.type),
    );
  }
}

/** The parts of anything relation-like a template passes (a ref(), this, api.Relation.create). */
export function relationParts(value: unknown, what: string): RelationName {
  const relation = value as Partial<RelationName> | null | undefined;
  if (!relation || typeof relation !== 'object' || !relation.identifier) {
    throw new StrataError(`${what} needs a relation (ref(), source(), this or api.Relation.create(...))`, {
      hint: `Pass a relation, e.g. ${what}(ref('orders')).`,
    });
  }
  const name: RelationName = { schema: String(relation.schema ?? ''), identifier: String(relation.identifier) };
  if (relation.database) name.database = String(relation.database);
  return name;
}

/** `api.Relation.create(database=None, schema=None, identifier=None, type=None)`. */
export function createRelation(dialect: Dialect, args: unknown[]): DbtRelation {
  const { positional, keywords } = splitArguments(args);
  const part = (index: number, name: string) => {
    const value = positional[index] ?? keywords[name];
    return value === undefined || value === null ? undefined : String(value);
  };
  return new DbtRelation(
    { database: part(0, 'database'), schema: part(1, 'schema') ?? '', identifier: part(2, 'identifier') ?? '' },
    dialect,
    part(3, 'type') ?? null,
  );
}

/** An existing relation found by introspection, with its type. */
export function existingRelation(found: ExistingRelation | null | undefined, dialect: Dialect): DbtRelation | null {
  if (!found) return null;
  const { kind, ...name } = found;
  return new DbtRelation(name, dialect, kind);
}

const STRING_TYPES = /^(var)?char|^text|^string|^character/i;
const INTEGER_TYPES = /^(big|small|tiny|hug|u)?int|^integer|^long|^short/i;
const FLOAT_TYPES = /^(float|double|real)/i;
const NUMERIC_TYPES = /^(numeric|decimal|number)/i;

/** dbt's `Column`: what `adapter.get_columns_in_relation` returns. */
export class DbtColumn {
  constructor(
    readonly name: string,
    readonly dtype: string,
    private readonly dialect: Dialect,
  ) {}

  /** dbt's alias of `name` */
  get column(): string {
    return this.name;
  }

  get data_type(): string {
    return this.dtype;
  }

  get quoted(): string {
    return this.dialect.quoteIdentifier(this.name);
  }

  get char_size(): number | null {
    const size = /\((\d+)\)/.exec(this.dtype);
    return STRING_TYPES.test(this.dtype) && size ? Number(size[1]) : null;
  }

  is_string(): boolean {
    return STRING_TYPES.test(this.dtype);
  }

  is_integer(): boolean {
    return INTEGER_TYPES.test(this.dtype);
  }

  is_float(): boolean {
    return FLOAT_TYPES.test(this.dtype);
  }

  is_numeric(): boolean {
    return NUMERIC_TYPES.test(this.dtype);
  }

  is_number(): boolean {
    return this.is_integer() || this.is_float() || this.is_numeric();
  }

  toString(): string {
    return `<Column ${this.name} (${this.dtype})>`;
  }

  static of(column: ColumnDescription, dialect: Dialect): DbtColumn {
    return new DbtColumn(column.name, column.dataType, dialect);
  }
}
