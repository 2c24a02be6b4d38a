import { SqlFileWriter } from '../artifacts/sql-file-writer.js';
import { compiledSqlFile } from '../artifacts/write-artifacts.js';
import { Compiler } from '../compile/compiler.js';
import type { ParsedProject } from '../parser/parse-project.js';
import type { IntrospectionRunner } from '../templating/dbt-context/introspection.js';

/**
 * Compiled SQL of every model, test and analysis, as `strata compile` renders it (`is_incremental()`
 * false), also written under `<targetDir>/compiled/` as dbt's `docs generate` does.
 * A node that does not compile stops the run with its file and line, as compile does.
 * Introspective calls (run_query...) are answered by `run`; without it they are an error.
 */
export async function compileForDocs(
  parsed: ParsedProject,
  targetDir: string,
  run?: IntrospectionRunner,
): Promise<Map<string, string>> {
  const compiler = new Compiler(parsed);
  const compiled = new Map<string, string>();
  const files = new SqlFileWriter();
  try {
    for (const node of parsed.manifest.nodes.values()) {
      if (node.resourceType === 'seed' || node.resourceType === 'unit_test') continue;
      const sql = run ? await compiler.compileWith(node, run) : compiler.compile(node);
      compiled.set(node.uniqueId, sql);
      const file = compiledSqlFile(targetDir, node, sql);
      files.write(file.path, file.text);
    }
  } catch (error) {
    await files.settle();
    throw error;
  }
  await files.flush();
  return compiled;
}
