/**
 * A tiny ANSI dialect for unit tests of SQL generation: the few methods data tests use,
 * in DuckDB-compatible SQL so the same text can run for real.
 */
import type { Dialect } from '../../../src/adapters/contract.js';
import type { RelationName } from '../../../src/manifest/types.js';

const quoteIdentifier = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;
const renderRelation = (relation: RelationName): string =>
  [relation.database, relation.schema, relation.identifier]
    .filter((part): part is string => part !== undefined)
    .map(quoteIdentifier)
    .join('.');

const implemented: Partial<Dialect> = {
  name: 'fake',
  quoteIdentifier,
  quoteString: (value) => `'${value.replace(/'/g, "''")}'`,
  renderRelation,
  createSchema: (schema) => `create schema if not exists ${quoteIdentifier(schema)}`,
  createTableAs: (relation, selectSql) => `create table ${renderRelation(relation)} as\n${selectSql}`,
  dropRelation: (relation, kind) => `drop ${kind === 'view' ? 'view' : 'table'} if exists ${renderRelation(relation)}`,
};

/** Any other method throws, so a test notices an unexpected dependency. */
export const fakeDialect: Dialect = new Proxy(implemented, {
  get(target, key) {
    if (typeof key === 'symbol' || key === 'then') return undefined;
    if (key in target) return target[key as keyof Dialect];
    throw new Error(`fakeDialect.${key} is not implemented`);
  },
}) as Dialect;
