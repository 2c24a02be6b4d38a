import { DatabaseError } from '../adapters/database-error.js';
import { removeRunSql, writeRunSql } from '../artifacts/write-artifacts.js';
import type { CompiledSql } from '../compile/compiled-sql.js';
import { displayPath } from '../config/display-path.js';
import type { ModelNode, SnapshotNode, TestNode } from '../manifest/types.js';
import { messageAtSource } from './locate-failure.js';
import type { RunContext } from './run-context.js';

/**
 * The error a failed model or test reports. A warehouse error names the line of the file
 * the failing SQL came from, and its statement is kept at `target/run/...`; any other
 * failure removes that file, so an earlier run's SQL is not taken for this one's.
 */
export async function nodeFailure(
  ctx: RunContext,
  node: ModelNode | TestNode | SnapshotNode,
  compiled: CompiledSql | undefined,
  error: unknown,
): Promise<unknown> {
  if (!(error instanceof DatabaseError)) {
    await removeRunSql(ctx.targetDir, node).catch(() => undefined);
    return error;
  }
  let message = (compiled && messageAtSource(error, compiled)) ?? error.message;
  try {
    const path = await writeRunSql(ctx.targetDir, node, `-- this statement failed:\n${error.sql}`);
    message += `\n  the failing statement is in ${displayPath(path, ctx.session.project.rootDir)}`;
  } catch {
    // the warehouse's error is the one to report, even when the disk refuses its statement
  }
  return new DatabaseError(error.adapter, message, error.sql, error, error.failure);
}
