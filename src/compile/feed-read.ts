/**
 * How a commit-fed model's Bronze source reads its batch: exactly the commits' files, or,
 * once some of them were compacted, those files and the generations holding the others,
 * filtered to the commits' offset ranges (src/feed/commit-files.ts). The filter is on the
 * ingest metadata columns every Bronze file carries, JSON lines and Parquet alike.
 */
import type { ExternalSourceDialect } from '../adapters/external-source.js';
import type { OffsetRange } from '../feed/commit-files.js';
import type { ExternalLocation } from '../manifest/types.js';

/** A FROM-clause expression reading `files`, keeping only the rows inside `ranges` when given. */
export function feedRead(
  dialect: ExternalSourceDialect,
  external: ExternalLocation,
  location: string,
  files: readonly string[],
  ranges?: readonly OffsetRange[],
): string {
  const reader = dialect.readExternalSource(external, location, [...files]);
  if (!ranges) return reader;
  const partition = dialect.quoteIdentifier('partition');
  const offset = dialect.quoteIdentifier('offset');
  const kept = ranges.map(
    (range) => `(${partition} = ${range.partition} and ${offset} >= ${range.start} and ${offset} < ${range.end})`,
  );
  return `(select * from ${reader} where ${kept.length > 0 ? kept.join(' or ') : 'false'})`;
}
