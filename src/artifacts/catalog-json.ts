/**
 * catalog.json in dbt's catalog v1 shape: what exists in the warehouse for each model,
 * seed and source, with its columns and their types. Relations never built are simply
 * absent, as in dbt. Only names and types are read, so no setting or secret can reach it.
 */
import { invocationMetadata, type Invocation, type InvocationMetadata } from './invocation-metadata.js';

/** dbt's schema URL; readers dispatch on it. */
export const CATALOG_SCHEMA_VERSION = 'https://schemas.getdbt.com/dbt/catalog/v1.json';

export interface CatalogColumn {
  type: string;
  /** 1-based position in the relation */
  index: number;
  name: string;
  comment: string | null;
}

export interface CatalogTable {
  metadata: {
    /** `BASE TABLE`, `VIEW` or `EXTERNAL TABLE`, as information_schema says */
    type: string;
    schema: string;
    name: string;
    database: string | null;
    comment: string | null;
    owner: string | null;
  };
  /** keyed by the column name as the warehouse spells it */
  columns: Record<string, CatalogColumn>;
  stats: Record<string, never>;
  unique_id: string;
}

export interface CatalogJson {
  metadata: InvocationMetadata;
  nodes: Record<string, CatalogTable>;
  sources: Record<string, CatalogTable>;
  errors: string[] | null;
}

/** Invocation facts written to `metadata`. */
export type CatalogMeta = Invocation;

/** Assemble catalog.json from tables read per unique id (`source.*` ids go to `sources`). */
export function catalogToJson(tables: Iterable<CatalogTable>, meta: CatalogMeta, errors: string[] = []): CatalogJson {
  const sorted = [...tables].sort((a, b) => (a.unique_id < b.unique_id ? -1 : a.unique_id > b.unique_id ? 1 : 0));
  const nodes: Record<string, CatalogTable> = {};
  const sources: Record<string, CatalogTable> = {};
  for (const table of sorted) (table.unique_id.startsWith('source.') ? sources : nodes)[table.unique_id] = table;
  return {
    metadata: invocationMetadata(CATALOG_SCHEMA_VERSION, meta),
    nodes,
    sources,
    errors: errors.length > 0 ? errors : null,
  };
}

/** The catalog entry of a unique id, if the warehouse had it. */
export function catalogTableOf(catalog: CatalogJson | undefined, uniqueId: string): CatalogTable | undefined {
  return catalog?.nodes[uniqueId] ?? catalog?.sources[uniqueId];
}
