import type { Dialect } from './contract.js';

/** The partition values of one folder of a table, in the order its path names them. */
export type FolderPartitions = ReadonlyArray<readonly [column: string, value: string]>;

/**
 * A dialect that reads a source table restricted to some of its files (Athena and Trino's
 * Hive connector: the hidden `"$path"` column). A commit-fed model reads its Bronze
 * source's catalog table this way, so the engine lists and reads only the batch's files.
 */
export interface FileRestrictingDialect extends Dialect {
  /**
   * A FROM-clause expression reading the rows of `relation` (rendered) that come from
   * exactly `files` (URIs as the catalog locates them; `undefined`: any file of the folders),
   * with the partition values of their folders in the filter too, so the engine lists only
   * those partitions (none given: every partition).
   */
  readRelationFiles(
    relation: string,
    files: readonly string[] | undefined,
    folders: readonly FolderPartitions[],
  ): string;
}

export function restrictsRelationToFiles(dialect: Dialect): dialect is FileRestrictingDialect {
  return typeof (dialect as Partial<FileRestrictingDialect>).readRelationFiles === 'function';
}
