import { resolve } from 'node:path';
import { newInvocation } from '../artifacts/invocation-metadata.js';
import { targetNaming } from '../artifacts/artifact-relation.js';
import { manifestToJson } from '../artifacts/manifest-json.js';
import { SqlFileWriter } from '../artifacts/sql-file-writer.js';
import { compiledSqlFile, writeManifest } from '../artifacts/write-artifacts.js';
import { Compiler } from '../compile/compiler.js';
import { loadDeferredSchemas, relationReads, type ReadFlags } from './defer-setup.js';
import { LazyConnection } from './introspection-queries.js';
import { RelationCache } from './relation-cache.js';
import type { Reporter } from './reporter.js';
import { selectForCommand, type SelectionRequest } from './select-for-command.js';
import type { Session } from './session.js';

/**
 * Render every selected model, test and analysis without touching the warehouse
 * (`is_incremental()` is false), write the SQL under target/compiled and manifest.json.
 */
export async function compileProject(
  session: Session,
  request: SelectionRequest & ReadFlags,
  reporter?: Reporter,
): Promise<{ compiled: number; seconds: number }> {
  const started = performance.now();
  const { manifest } = session.parsed;
  const targetDir = resolve(session.project.rootDir, session.project.targetPath);
  // unit tests are compiled when they run (`strata test`), not by compile: dbt 1.11 does the same
  const selected = selectForCommand(session, request, ['model', 'snapshot', 'test', 'analysis'], reporter);
  if (selected.size === 0) {
    reporter?.warning('Nothing to do. Try checking your model configs and the --select/--exclude arguments.');
  }
  const relations = new RelationCache();
  const reads = relationReads(manifest, request, selected, relations, session.target);
  const compiler = new Compiler(session.parsed, reads);
  const compiledSql = new Map<string, string>();
  const { invocation } = session.parsed.context;
  invocation.setCommand('compile');
  // opened only if a template asks the warehouse something, as dbt's compile does
  const warehouse = new LazyConnection(session);
  // the files are written in the background while nodes compile and the manifest is built
  const files = new SqlFileWriter();
  try {
    // deferring asks the target what exists, as dbt's compile does
    if (reads.deferral) await loadDeferredSchemas(manifest, reads, relations, await warehouse.connection());
    for (const id of selected) {
      const node = manifest.nodes.get(id);
      if (!node || node.resourceType === 'seed' || node.resourceType === 'unit_test') continue;
      const sql = await compiler.compileWith(node, warehouse.runner);
      compiledSql.set(id, sql);
      const file = compiledSqlFile(targetDir, node, sql);
      files.write(file.path, file.text);
    }
  } catch (error) {
    await files.settle();
    throw error;
  } finally {
    await warehouse.close();
  }
  const manifestJson = manifestToJson(manifest, {
    ...newInvocation(),
    invocationId: invocation.invocationId,
    ...targetNaming(session.target, session.dialect),
    runStartedAt: session.parsed.context.invocation.runStartedAt,
    compiled: compiledSql,
    targetPath: session.project.targetPath,
  });
  // serializing the manifest keeps this thread busy while the file system catches up
  const outcomes = await Promise.allSettled([files.flush(), writeManifest(targetDir, manifestJson)]);
  for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
  return { compiled: compiledSql.size, seconds: (performance.now() - started) / 1000 };
}
