import type { ColumnInfo } from '../manifest/types.js';
import type { CatalogTable } from '../artifacts/catalog-json.js';
import { renderMarkdown } from './markdown.js';
import type { DocsColumn } from './site-data.js';

/** What one node's column list is made of. */
export interface ColumnSources {
  /** columns declared in YAML */
  declared: Record<string, ColumnInfo>;
  /** what the warehouse has, when it was read */
  catalog?: CatalogTable;
  /** declared types that are not in YAML columns (a seed's `column_types`) */
  declaredTypes?: Record<string, string>;
  /** test labels by lower-cased column name */
  tests: ReadonlyMap<string, string[]>;
}

/**
 * A node's columns: the warehouse's in its order, then those only declared in YAML (or
 * only named by a test). The warehouse type wins over the declared `data_type`; names
 * match case-insensitively because warehouses fold unquoted names.
 */
export function docsColumns(sources: ColumnSources): DocsColumn[] {
  const declared = new Map(Object.values(sources.declared).map((column) => [column.name.toLowerCase(), column]));
  const declaredTypes = new Map(
    Object.entries(sources.declaredTypes ?? {}).map(([name, type]) => [name.toLowerCase(), type]),
  );
  const warehouse = Object.values(sources.catalog?.columns ?? {}).sort((a, b) => a.index - b.index);
  const names = new Map<string, string>();
  for (const column of warehouse) names.set(column.name.toLowerCase(), column.name);
  for (const column of declared.values())
    if (!names.has(column.name.toLowerCase())) names.set(column.name.toLowerCase(), column.name);
  for (const key of sources.tests.keys()) if (!names.has(key)) names.set(key, key);
  const warehouseTypes = new Map(warehouse.map((column) => [column.name.toLowerCase(), column.type]));

  return [...names].map(([key, warehouseName]) => {
    const info = declared.get(key);
    const description = renderMarkdown(info?.description ?? '');
    return {
      name: info?.name ?? warehouseName,
      type: warehouseTypes.get(key) ?? info?.dataType ?? declaredTypes.get(key) ?? '',
      descriptionHtml: description.html,
      descriptionText: description.text,
      tests: sources.tests.get(key) ?? [],
    };
  });
}
