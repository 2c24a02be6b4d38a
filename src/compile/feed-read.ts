/**
 * How a commit-fed model's Bronze source reads its batch: exactly the commits' files, or,
 * once some of them were compacted, those files and the generations holding the others,
 * filtered to the commits' offset ranges (src/feed/commit-files.ts). The filter is on the
 * ingest metadata columns every Bronze file carries, JSON lines and Parquet alike.
 */
import type { ExternalSourceDialect } from '../adapters/external-source.js';
import type { FileRestrictingDialect, FolderPartitions } from '../adapters/file-restricted-source.js';
import type { Dialect } from '../adapters/contract.js';
import type { OffsetRange } from '../feed/commit-files.js';
import type { ExternalLocation, SourceNode } from '../manifest/types.js';

/** A FROM-clause expression reading `files`, keeping only the rows inside `ranges` when given. */
export function feedRead(
  dialect: ExternalSourceDialect,
  external: ExternalLocation,
  location: string,
  files: readonly string[],
  ranges?: readonly OffsetRange[],
): string {
  return withinRanges(dialect, dialect.readExternalSource(external, location, [...files]), ranges);
}

/**
 * At most this many files and folders are named in a statement (Athena takes 256 KB of query
 * text): a batch naming more (a full build of a large lake) is read through its partitions, or
 * the whole table, filtered to its offset ranges alone, which hold the same records.
 */
export const MAX_NAMED_FILES = 1_000;

/**
 * The same on a warehouse that reads the source through its catalog table (Athena): the
 * table restricted to `files` (`s3://` URIs) and to the partitions of their folders, whose
 * values are the `column=value` folders between the source's location and each file.
 */
export function feedRelationRead(
  dialect: FileRestrictingDialect,
  source: SourceNode,
  relation: string,
  files: readonly string[],
  ranges?: readonly OffsetRange[],
): string {
  const declared = new Set((source.external?.partitions ?? []).map((column) => column.toLowerCase()));
  const folders = new Map<string, FolderPartitions>();
  for (const file of files) {
    const values = folderPartitions(source.external?.location ?? '', file).filter(([column]) =>
      declared.has(column.toLowerCase()),
    );
    folders.set(JSON.stringify(values), values);
  }
  const named = files.length <= MAX_NAMED_FILES || !ranges ? files : undefined;
  const partitions = named || folders.size <= MAX_NAMED_FILES ? [...folders.values()] : [];
  return withinRanges(dialect, dialect.readRelationFiles(relation, named, partitions), ranges);
}

/** The `column=value` folders (Hive's partition naming, values URI-escaped) between `location` and `file`. */
export function folderPartitions(location: string, file: string): FolderPartitions {
  const root = location.replace(/\/+$/, '');
  const inside = file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
  const folders = inside.split('/').slice(0, -1);
  return folders.flatMap((folder) => {
    const match = /^([^=]+)=(.*)$/.exec(folder);
    return match ? [[match[1]!, decodeURIComponent(match[2]!)] as const] : [];
  });
}

/** `reader`, keeping only the rows inside `ranges` when given. */
function withinRanges(dialect: Dialect, reader: string, ranges?: readonly OffsetRange[]): string {
  if (!ranges) return reader;
  const partition = dialect.quoteIdentifier('partition');
  const offset = dialect.quoteIdentifier('offset');
  const kept = ranges.map(
    (range) => `(${partition} = ${range.partition} and ${offset} >= ${range.start} and ${offset} < ${range.end})`,
  );
  return `(select * from ${reader} where ${kept.length > 0 ? kept.join(' or ') : 'false'})`;
}
