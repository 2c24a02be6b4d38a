import { DatabaseError } from '../adapters/database-error.js';
import { createAdapter } from '../adapters/registry.js';
import type { CompiledSql } from '../compile/compiled-sql.js';
import { Compiler } from '../compile/compiler.js';
import { StrataError } from '../errors/strata-error.js';
import type { ModelNode } from '../manifest/types.js';
import { loadDeferredSchemas, relationReads, type ReadFlags } from './defer-setup.js';
import { introspectionOn } from './introspection-queries.js';
import { RelationCache } from './relation-cache.js';
import { messageAtSource } from './locate-failure.js';
import { selectForCommand, type SelectionRequest } from './select-for-command.js';
import type { Session } from './session.js';

export interface ShowResult {
  model: ModelNode;
  columns: string[];
  rows: Array<Record<string, unknown>>;
}

/**
 * `strata show`: run a model's compiled SELECT with a limit and return the rows, like
 * `dbt show`. Reads upstream relations as they are in the warehouse.
 */
export async function showModel(
  session: Session,
  request: Pick<SelectionRequest, 'select' | 'selector'> & ReadFlags,
  limit: number,
): Promise<ShowResult> {
  if (!request.select?.length && request.selector === undefined) {
    throw new StrataError('strata show needs a model: --select <model> or --selector <name>', {
      hint: 'For example: strata show -s orders_daily_summary',
    });
  }
  const selected = [...selectForCommand(session, { select: request.select, selector: request.selector }, ['model'])];
  if (selected.length !== 1) {
    throw new StrataError(`strata show needs exactly one model, the selection picked ${selected.length}`, {
      hint: 'Select a single model by name, e.g. strata show -s orders_daily_summary',
    });
  }
  const model = session.parsed.manifest.nodes.get(selected[0]!) as ModelNode;
  const adapter = await createAdapter(session.target, session.project.rootDir);
  try {
    const connection = await adapter.connect();
    session.parsed.context.invocation.setCommand('show');
    let compiled: CompiledSql | undefined;
    try {
      const relations = new RelationCache();
      const reads = relationReads(session.parsed.manifest, request, new Set(selected), relations, session.target);
      await loadDeferredSchemas(session.parsed.manifest, reads, relations, connection);
      compiled = await new Compiler(session.parsed, reads).compileModelSqlWith(
        model,
        false,
        introspectionOn(async () => connection),
      );
      const result = await connection.query(
        `select * from (\n${compiled.sql.trim().replace(/;+$/, '')}\n) strata_show limit ${limit}`,
      );
      return { model, columns: result.columns.map((c) => c.name), rows: result.rows };
    } catch (error) {
      if (!(error instanceof DatabaseError)) throw error;
      // named by the model's file and line, not by the query wrapped around it
      const message = (compiled && messageAtSource(error, compiled)) ?? error.message;
      throw new StrataError(`Model '${model.name}' (${model.origin.file}) failed on ${error.adapter}: ${message}`, {
        cause: error,
      });
    } finally {
      await connection.close();
    }
  } finally {
    await adapter.close();
  }
}

/** Rows as an aligned text table. */
export function formatTable(columns: string[], rows: Array<Record<string, unknown>>): string {
  const cell = (value: unknown) => {
    if (value === null || value === undefined) return '';
    // DATE columns arrive as midnight UTC
    if (value instanceof Date) return value.toISOString().replace('T00:00:00.000Z', '').replace('.000Z', 'Z');
    return String(value);
  };
  const cells = rows.map((row) => columns.map((column) => cell(row[column])));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(columns), rule, ...cells.map(line)].join('\n');
}
