/**
 * Lake locations as comparable keys, one shape for local folders and S3 prefixes: an
 * absolute path or `s3://bucket/prefix`, always ending in `/`. Two locations overlap when
 * one key starts with the other, so `lake/a` and `lake/ab` do not, `lake/a` and
 * `lake/a/b` do. The same rule guards DuckDB's local lake and Athena's S3 locations.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseS3Uri, s3Uri } from '../aws/s3-uri.js';

/** A normalized location ending in `/`: `/abs/lake/orders/` or `s3://bucket/tables/orders/`. */
export type LocationKey = string;

/** The key of a local folder, symbolic links resolved as far as the path exists. */
export function localLocationKey(absPath: string): LocationKey {
  return withSlash(realPath(path.resolve(absPath)));
}

/** The key of an `s3://bucket/prefix` URI, or undefined when it is not one. */
export function s3LocationKey(uri: string): LocationKey | undefined {
  const location = parseS3Uri(uri);
  return location && s3Uri(location);
}

/** True when `a` and `b` are the same location or one holds the other. */
export function overlaps(a: LocationKey, b: LocationKey): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

/** True when `inner` lies strictly below `outer`. */
export function isBelow(inner: LocationKey, outer: LocationKey): boolean {
  return inner.length > outer.length && inner.startsWith(outer);
}

/**
 * `absPath` with every symbolic link resolved; the part that does not exist yet is kept
 * as written. A link whose target does not exist yet is followed too, so that it cannot
 * hide where a folder created through it would land.
 */
function realPath(absPath: string): string {
  const missing: string[] = [];
  let current = absPath;
  for (let hops = 0; ;) {
    try {
      return path.join(fs.realpathSync.native(current), ...missing.reverse());
    } catch {
      // not there (yet), or a link to somewhere not there
    }
    const link = linkTarget(current);
    if (link !== undefined && hops++ < MAX_LINK_HOPS) {
      current = path.resolve(path.dirname(current), link);
      continue;
    }
    const parent = path.dirname(current);
    if (parent === current) return path.join(current, ...missing.reverse());
    missing.push(path.basename(current));
    current = parent;
  }
}

/** As many links as Linux follows before it gives up (ELOOP). */
const MAX_LINK_HOPS = 40;

function linkTarget(file: string): string | undefined {
  try {
    return fs.lstatSync(file).isSymbolicLink() ? fs.readlinkSync(file) : undefined;
  } catch {
    return undefined;
  }
}

function withSlash(location: string): LocationKey {
  return location.endsWith('/') ? location : `${location}/`;
}
