import type { Dialect } from './contract.js';
import type { ExternalLocation } from '../manifest/types.js';

/**
 * A dialect that reads lake files in place (DuckDB's read_json/read_parquet). Warehouses
 * without it read sources through catalog tables (Glue, Spectrum, external stages).
 */
export interface ExternalSourceDialect extends Dialect {
  /**
   * A FROM-clause expression reading the files under `absoluteLocation`, or exactly
   * `files` when given (a compacted table, resolved by src/compacted-lake/compacted-table-files.ts).
   */
  readExternalSource(external: ExternalLocation, absoluteLocation: string, files?: string[]): string;
}

export function readsExternalSources(dialect: Dialect): dialect is ExternalSourceDialect {
  return typeof (dialect as Partial<ExternalSourceDialect>).readExternalSource === 'function';
}
