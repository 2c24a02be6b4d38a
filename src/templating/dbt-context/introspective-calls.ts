/**
 * The calls that ask the warehouse while a template renders: `run_query`, `statement`
 * blocks with `load_result`, `adapter.get_relation`, `adapter.get_columns_in_relation`,
 * `load_relation` and `adapter.execute`. While parsing (`execute` false) they answer as
 * dbt does without a query: none, an empty list.
 */
import type { Dialect } from '../../adapters/contract.js';
import { StrataError } from '../../errors/strata-error.js';
import { activeScope } from '../render-scope.js';
import { splitArguments } from '../template-args.js';
import { AgateTable } from './agate-table.js';
import type { IntrospectionAnswers } from './introspection.js';
import { DbtColumn, existingRelation, relationParts } from './relation-api.js';
import type { DbtRenderState } from './render-state.js';

/** The dbt context of the render under way; a scope without one is parsing. */
function state(): DbtRenderState | undefined {
  return activeScope().dbt;
}

function dialect(): Dialect {
  return activeScope().dialect;
}

/** dbt's AdapterResponse: prints as its message (`OK 3`). */
class AdapterResponse {
  readonly code = 'OK';
  readonly rows_affected: number;

  constructor(answer: IntrospectionAnswers['query']) {
    this.rows_affected = answer.rowsAffected ?? answer.rows.length;
  }

  get _message(): string {
    return `OK ${this.rows_affected}`;
  }

  toString(): string {
    return this._message;
  }
}

/** Run SQL on the target: dbt's `adapter.execute(sql, fetch=False)`, the body of `statement` and `run_query`. */
function runSql(sql: string, fetch: boolean) {
  const answer = state()?.introspect({ kind: 'query', sql, fetch });
  if (!answer) return undefined;
  const table = new AgateTable(fetch ? answer : { columns: answer.columns ?? [], rows: [] });
  return { response: new AdapterResponse(answer), table };
}

/** `run_query(sql)`: an agate-like table of the rows, or none while parsing. */
export function runQuery(sql: unknown): AgateTable | null {
  return runSql(String(sql ?? ''), true)?.table ?? null;
}

/**
 * `{% call statement('name', fetch_result=True) %} sql {% endcall %}`: runs the body when
 * `execute` is true and keeps the result for `load_result('name')`.
 */
export function statement(...args: unknown[]): string {
  const { positional, keywords } = splitArguments(args);
  const name = positional[0] ?? keywords.name ?? null;
  const fetch = (positional[1] ?? keywords.fetch_result) === true;
  const caller = keywords.caller as (() => unknown) | undefined;
  const render = state();
  if (!render?.execute) return '';
  if (typeof caller !== 'function') {
    throw new StrataError('statement() is called as a block: {% call statement(...) %} sql {% endcall %}');
  }
  const result = runSql(String(caller()), fetch)!;
  if (name !== null) {
    const rows = result.table.rows.map((row) => [...row]);
    render.results.set(String(name), { response: result.response, data: rows, table: result.table });
  }
  return '';
}

/** `load_result(name)`: what the statement of that name returned in this render, or none. */
export function loadResult(name: unknown): unknown {
  return state()?.results.get(String(name)) ?? null;
}

/** `adapter.execute(sql, auto_begin=False, fetch=False)`: `(response, table)`. */
export function adapterExecute(...args: unknown[]): unknown[] | null {
  const { positional, keywords } = splitArguments(args);
  const fetch = (positional[2] ?? keywords.fetch) === true;
  const result = runSql(String(positional[0] ?? keywords.sql ?? ''), fetch);
  return result ? [result.response, result.table] : null;
}

/** `adapter.get_relation(database, schema, identifier)`: the relation if it exists, else none. */
export function getRelation(...args: unknown[]) {
  const { positional, keywords } = splitArguments(args);
  const part = (index: number, name: string) => {
    const value = positional[index] ?? keywords[name];
    return value === undefined || value === null ? undefined : String(value);
  };
  const identifier = part(2, 'identifier');
  const schema = part(1, 'schema');
  if (!identifier || !schema) {
    throw new StrataError('adapter.get_relation() needs a schema and an identifier', {
      hint: 'Call it as adapter.get_relation(database=this.database, schema=this.schema, identifier="orders").',
    });
  }
  return findRelation({ database: part(0, 'database'), schema, identifier });
}

/** `load_relation(relation)`: the relation if it exists, with its type, else none. */
export function loadRelation(relation: unknown) {
  return findRelation(relationParts(relation, 'load_relation'));
}

function findRelation(relation: { database?: string; schema: string; identifier: string }) {
  const request = { kind: 'relation' as const, relation: withoutEmptyDatabase(relation) };
  return existingRelation(state()?.introspect(request), dialect());
}

/** `adapter.get_columns_in_relation(relation)`: its columns, none when it does not exist (or while parsing). */
export function getColumnsInRelation(relation: unknown): DbtColumn[] {
  const name = withoutEmptyDatabase(relationParts(relation, 'adapter.get_columns_in_relation'));
  const columns = state()?.introspect({ kind: 'columns', relation: name }) ?? [];
  return columns.map((column) => DbtColumn.of(column, dialect()));
}

function withoutEmptyDatabase<T extends { database?: string }>(relation: T): T {
  if (relation.database) return relation;
  const { database: _unused, ...rest } = relation;
  return rest as T;
}
