import type { Manifest, ModelNode, TestNode } from '../manifest/types.js';

/** The generic tests of each node they are attached to, gathered once for the whole manifest. */
export function testsByAttachedNode(manifest: Manifest): Map<string, TestNode[]> {
  const byNode = new Map<string, TestNode[]>();
  for (const node of manifest.nodes.values()) {
    if (node.resourceType !== 'test' || node.attachedNode === undefined || !node.testMetadata) continue;
    let tests = byNode.get(node.attachedNode);
    if (!tests) byNode.set(node.attachedNode, (tests = []));
    tests.push(node);
  }
  return byNode;
}

/**
 * A model's `primary_key` as dbt 1.9+ infers it for catalog tools: the columns of a
 * `primary_key` constraint (model-level, then column-level); else the columns with both a
 * `unique` (or `unique_combination_of_columns`) and a `not_null` test; else those with a
 * unique test; else none.
 */
export function inferPrimaryKey(model: ModelNode, tests: readonly TestNode[]): string[] {
  const modelLevel = model.constraints?.find((constraint) => constraint.type === 'primary_key');
  if (modelLevel) return modelLevel.columns;
  for (const column of Object.values(model.columns)) {
    if (column.constraints?.some((constraint) => constraint.type === 'primary_key')) return [column.name];
  }
  const unique = new Set<string>();
  const notNull = new Set<string>();
  for (const test of tests) {
    const { name, kwargs } = test.testMetadata!;
    const columns =
      typeof kwargs.column_name === 'string'
        ? [kwargs.column_name]
        : Array.isArray(kwargs.combination_of_columns)
          ? kwargs.combination_of_columns.filter((column): column is string => typeof column === 'string')
          : [];
    for (const column of columns) {
      if (name === 'unique' || name === 'unique_combination_of_columns') unique.add(column);
      else if (name === 'not_null') notNull.add(column);
    }
  }
  const both = [...notNull].filter((column) => unique.has(column));
  return both.length > 0 ? both : [...unique];
}
