import type { TestNode } from '../manifest/types.js';

/** `not_null`, `unique`, `relationships`... for generic tests; `singular` for SQL-file tests. */
export function testKind(test: TestNode): string {
  return test.testMetadata?.name ?? 'singular';
}

/**
 * How a test reads in a column's list: its kind, and for `relationships` the column it
 * points at, e.g. `relationships → dim_users.user_id`.
 */
export function columnTestLabel(test: TestNode): string {
  const kind = testKind(test);
  if (kind !== 'relationships') return kind;
  const to = relationshipTarget(test.testMetadata?.kwargs['to']);
  const field = test.testMetadata?.kwargs['field'];
  if (to === undefined) return kind;
  return `relationships → ${typeof field === 'string' && field !== '' ? `${to}.${field}` : to}`;
}

/** `ref('dim_users')` -> `dim_users`; `source('raw', 'users')` -> `raw.users`. */
function relationshipTarget(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const ref = /^\s*ref\(\s*['"]([^'"]+)['"]\s*\)\s*$/.exec(value);
  if (ref) return ref[1];
  const source = /^\s*source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*$/.exec(value);
  if (source) return `${source[1]}.${source[2]}`;
  return value.trim() || undefined;
}
