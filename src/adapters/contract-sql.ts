import type { Constraint, ConstraintType } from '../manifest/types.js';
import type { ConstraintSupport } from './contract.js';
import { SqlFunctions } from './sql-functions.js';

/** The constraint types a warehouse may enforce; `custom` is always rendered as written. */
export type SupportedConstraintType = Exclude<ConstraintType, 'custom'>;

/**
 * ANSI/PostgreSQL spellings of the same type, to one name each: a contract saying `int`
 * matches a model producing `integer`. Size, precision and scale are not compared (as in
 * dbt), so `varchar(20)` is `text` and `numeric(10,2)` is `numeric`.
 */
export const BASE_TYPE_SYNONYMS: Readonly<Record<string, string>> = {
  int: 'integer',
  int4: 'integer',
  signed: 'integer',
  int8: 'bigint',
  long: 'bigint',
  int2: 'smallint',
  short: 'smallint',
  varchar: 'text',
  'character varying': 'text',
  string: 'text',
  char: 'character',
  bpchar: 'character',
  float: 'double precision',
  float8: 'double precision',
  double: 'double precision',
  float4: 'real',
  decimal: 'numeric',
  bool: 'boolean',
  'timestamp without time zone': 'timestamp',
  datetime: 'timestamp',
  timestamptz: 'timestamp with time zone',
  'time without time zone': 'time',
  timetz: 'time with time zone',
};

/**
 * Warehouses that check NOT NULL only and record keys (for the planner and for tools) without
 * enforcing them, refusing CHECK: Redshift and Snowflake.
 */
export const KEYS_RECORDED_NOT_ENFORCED = {
  check: 'not_supported',
  not_null: 'enforced',
  unique: 'not_enforced',
  primary_key: 'not_enforced',
  foreign_key: 'not_enforced',
} as const satisfies Readonly<Record<SupportedConstraintType, ConstraintSupport>>;

/**
 * What model contracts need of a dialect: how it spells types (to compare a contract with
 * the columns a model's query produces) and how it renders and treats constraints in
 * table DDL. The defaults are dbt's base adapter's; a warehouse overrides the knobs.
 */
export abstract class ContractSql extends SqlFunctions {
  abstract quoteIdentifier(identifier: string): string;

  /** Per constraint type: enforced, recorded but not enforced, or not accepted at all. */
  readonly constraintSupport: Readonly<Record<SupportedConstraintType, ConstraintSupport>> = {
    check: 'not_supported',
    not_null: 'enforced',
    unique: 'not_enforced',
    primary_key: 'not_enforced',
    foreign_key: 'enforced',
  };

  /** Type spellings this warehouse treats as one, lower case, sizes removed. */
  protected readonly typeSynonyms: Readonly<Record<string, string>> = BASE_TYPE_SYNONYMS;

  /** One name per type, for comparing a contract's `data_type` with a model's column type. */
  normalizeDataType(type: string): string {
    const bare = type
      .toLowerCase()
      .replace(/\([^()]*\)/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    return this.typeSynonyms[bare] ?? bare;
  }

  /** A contract's type as the DDL writes it when `alias_types` is on (dbt's `string` -> the text type). */
  aliasDataType(type: string): string {
    return type.trim().toLowerCase() === 'string' ? this.typeName('string') : type;
  }

  /** A column-level constraint as DDL (`NOT NULL`, `REFERENCES ...`); `to` is already a rendered relation. */
  renderColumnConstraint(constraint: Constraint): string | undefined {
    const expression = constraint.expression ?? '';
    switch (constraint.type) {
      case 'check':
        return `CHECK (${expression})`;
      case 'not_null':
        return `NOT NULL ${expression}`.trim();
      case 'unique':
        return `UNIQUE ${expression}`.trim();
      case 'primary_key':
        return `PRIMARY KEY ${expression}`.trim();
      case 'foreign_key':
        return `REFERENCES ${this.referenced(constraint)}`;
      case 'custom':
        return expression;
    }
  }

  /** A model-level constraint as a table element (`CONSTRAINT x PRIMARY KEY (id)`). */
  renderModelConstraint(constraint: Constraint): string | undefined {
    const prefix = constraint.name ? `CONSTRAINT ${this.quoteIdentifier(constraint.name)} ` : '';
    const columns = constraint.columns.map((c) => this.quoteIdentifier(c)).join(', ');
    switch (constraint.type) {
      case 'check':
        return `${prefix}CHECK (${constraint.expression ?? ''})`;
      case 'unique':
        return `${prefix}UNIQUE (${columns})`;
      case 'primary_key':
        return `${prefix}PRIMARY KEY (${columns})`;
      case 'foreign_key':
        return `${prefix}FOREIGN KEY (${columns}) REFERENCES ${this.referenced(constraint)}`;
      case 'not_null':
        // not a table constraint in SQL: it goes to each named column instead (see contract-ddl)
        return undefined;
      case 'custom':
        return constraint.expression;
    }
  }

  private referenced(constraint: Constraint): string {
    if (constraint.to && constraint.toColumns.length > 0) {
      return `${constraint.to} (${constraint.toColumns.map((c) => this.quoteIdentifier(c)).join(', ')})`;
    }
    return constraint.expression ?? '';
  }
}
