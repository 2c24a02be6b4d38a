/**
 * The column types of a unit test's input. dbt reads them from the input's relation; Strata
 * does too when the test runs on the warehouse and the relation exists there. Offline, the
 * project says what it knows: the YAML `data_type` of the columns, a seed's header and `column_types`.
 */
import { readFileSync } from 'node:fs';
import type { Connection } from '../adapters/contract.js';
import type { Dialect } from '../adapters/contract.js';
import { getNode, type Manifest } from '../manifest/types.js';
import type { ColumnTypes } from './input-ctes.js';
import { queryColumns } from './unit-test-query.js';

/** The columns the project declares for the node `nodeId`, with their types where it gives them. */
export function declaredColumnTypes(manifest: Manifest, nodeId: string): ColumnTypes {
  const node = getNode(manifest, nodeId);
  const types: ColumnTypes = new Map();
  if (!node || !('columns' in node)) return types;
  // a seed's columns are its CSV header, whatever its YAML documents
  if (node.resourceType === 'seed')
    for (const name of seedHeader(node.csvPath, node.config.delimiter)) types.set(name, undefined);
  // a column declared without a type is still a column the model may read: null unless a row sets it
  for (const column of Object.values(node.columns)) types.set(column.name, column.dataType);
  if (node.resourceType === 'seed') {
    for (const [name, type] of Object.entries(node.config.columnTypes ?? {})) types.set(name, type);
  }
  return types;
}

function seedHeader(csvPath: string, delimiter = ','): string[] {
  try {
    const firstLine = readFileSync(csvPath, 'utf8').split(/\r?\n/, 1)[0] ?? '';
    return firstLine
      .split(delimiter)
      .map((name) => name.trim().replace(/^"(.*)"$/, '$1'))
      .filter(Boolean);
  } catch {
    // an unreadable seed fails its own load; its test then knows only its YAML columns
    return [];
  }
}

/** The relation's column types on the warehouse; undefined when it does not exist (yet). */
export async function relationColumnTypes(
  connection: Connection,
  dialect: Dialect,
  manifest: Manifest,
  nodeId: string,
): Promise<ColumnTypes | undefined> {
  const node = getNode(manifest, nodeId);
  if (!node || !('relation' in node)) return undefined;
  try {
    const columns = await queryColumns(connection, `select * from ${dialect.renderRelation(node.relation)}`);
    return new Map(columns.map((column) => [column.name, column.dataType]));
  } catch {
    // not built yet: the declared types will do, as offline
    return undefined;
  }
}
