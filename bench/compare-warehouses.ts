/**
 * Checks that two tools did the same work before their times are compared: the same
 * relations (name and kind) with the same row counts in their DuckDB files, and the same
 * nodes in their manifest.json files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** A relation as the warehouse reports it. */
export interface RelationCount {
  kind: string;
  rows: number;
}

/** Every relation in schema `main` of a DuckDB file, with its row count. */
export async function readRelationCounts(databaseFile: string): Promise<Map<string, RelationCount>> {
  // read-only, and closed before the next tool run: DuckDB allows one process per file
  const instance = await DuckDBInstance.create(databaseFile, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const listed = await connection.runAndReadAll(
      "select table_name, table_type from information_schema.tables where table_schema = 'main' order by table_name",
    );
    const relations = new Map<string, RelationCount>();
    for (const [name, kind] of listed.getRows() as Array<[string, string]>) {
      const counted = await connection.runAndReadAll(`select count(*) from main."${name.replaceAll('"', '""')}"`);
      relations.set(name, { kind, rows: Number(counted.getRows()[0]![0]) });
    }
    return relations;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Up to `limit` lines naming how `actual` differs from `expected`; empty when equal. */
export function describeDifferences<T>(
  expected: Map<string, T>,
  actual: Map<string, T>,
  names: [string, string],
  limit = 10,
): string[] {
  const lines: string[] = [];
  for (const key of new Set([...expected.keys(), ...actual.keys()])) {
    const a = JSON.stringify(expected.get(key));
    const b = JSON.stringify(actual.get(key));
    if (a !== b) lines.push(`  ${key}: ${names[0]} ${a ?? 'missing'}, ${names[1]} ${b ?? 'missing'}`);
  }
  return lines.length > limit ? [...lines.slice(0, limit), `  ... and ${lines.length - limit} more`] : lines;
}

/** Throws a readable error when the two maps differ or miss an expected key. */
export function assertSame<T>(
  what: string,
  expected: Map<string, T>,
  actual: Map<string, T>,
  names: [string, string],
  mustHave: readonly string[],
): void {
  const differences = describeDifferences(expected, actual, names);
  const missing = mustHave.filter((key) => !expected.has(key) && !actual.has(key));
  if (missing.length > 0)
    differences.unshift(
      `  expected but built by neither: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', ...' : ''}`,
    );
  if (differences.length > 0)
    throw new Error(`${what} differ between ${names[0]} and ${names[1]}; no time reported:\n${differences.join('\n')}`);
}

interface ManifestNode {
  resource_type: string;
  config?: { materialized?: string };
}

/**
 * The nodes of a project's target/manifest.json keyed by unique id without the hash both
 * tools append to test ids (`test.synthetic.unique_model_00001_id`), with what each is
 * materialized as.
 */
export function readManifestNodes(projectDir: string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(join(projectDir, 'target', 'manifest.json'), 'utf8')) as {
    nodes: Record<string, ManifestNode>;
  };
  const nodes = new Map<string, string>();
  for (const [id, node] of Object.entries(manifest.nodes)) {
    const key = node.resource_type === 'test' ? id.replace(/\.[0-9a-f]{10}$/, '') : id;
    nodes.set(key, node.resource_type === 'model' ? `model ${node.config?.materialized ?? '?'}` : node.resource_type);
  }
  return nodes;
}

/** How many run_results.json entries ended in each status, e.g. `{ pass: 1000 }`. */
export function readResultStatuses(projectDir: string): Map<string, number> {
  const results = JSON.parse(readFileSync(join(projectDir, 'target', 'run_results.json'), 'utf8')) as {
    results: Array<{ status: string }>;
  };
  const counts = new Map<string, number>();
  for (const { status } of results.results) counts.set(status, (counts.get(status) ?? 0) + 1);
  return counts;
}

/**
 * Each model's compiled SQL in a project's manifest.json, whitespace runs folded to one
 * space (Jinja and nunjucks agree on the SQL but not always on blank lines).
 */
export function readCompiledModels(projectDir: string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(join(projectDir, 'target', 'manifest.json'), 'utf8')) as {
    nodes: Record<string, { resource_type: string; compiled_code?: string }>;
  };
  const compiled = new Map<string, string>();
  for (const [id, node] of Object.entries(manifest.nodes)) {
    if (node.resource_type === 'model') compiled.set(id, (node.compiled_code ?? '').replace(/\s+/g, ' ').trim());
  }
  return compiled;
}
