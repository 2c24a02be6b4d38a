/**
 * `s3://bucket/prefix` URIs and the object keys under them. A location is a bucket and a
 * folder-shaped key prefix ('' for the bucket root, else ending in `/`), so that
 * `lake/a/` never also matches the keys of `lake/ab/`.
 */

/** A bucket and a key prefix: '' for the bucket root, else without a leading `/` and ending in `/`. */
export interface S3Location {
  bucket: string;
  prefix: string;
}

const S3_URI = /^s3:\/\/([^/]+)(?:\/(.*))?$/;

// S3's bucket naming rules (lower case, digits, dots and hyphens, 3 to 63 characters).
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * `s3://bucket/a/b` -> `{ bucket, prefix: 'a/b/' }`, as a setting is written (surrounding
 * whitespace and leading slashes of the prefix ignored); undefined when it is not an S3
 * URI with a valid bucket name. It does not judge the prefix: see {@link readS3Uri}.
 */
export function parseS3Uri(uri: string): S3Location | undefined {
  const match = S3_URI.exec(uri.trim());
  if (!match || !BUCKET_NAME.test(match[1]!)) return undefined;
  return { bucket: match[1]!, prefix: asFolder((match[2] ?? '').replace(/^\/+/, '')) };
}

/**
 * `s3://bucket` or `s3://bucket/some/prefix` (a trailing slash optional), checked
 * strictly: a mistake throws an Error saying what is wrong, and a prefix with empty,
 * `.` or `..` segments, backslashes or control characters is refused. `what` names the
 * URI in the message ("an S3 destination").
 */
export function readS3Uri(uri: string, what = 'an S3 location'): S3Location {
  const match = S3_URI.exec(uri);
  if (!match) throw new Error(`${what} must look like s3://bucket/prefix, got '${uri}'`);
  const bucket = match[1]!;
  if (!BUCKET_NAME.test(bucket)) throw new Error(`'${bucket}' in '${uri}' is not a valid S3 bucket name`);
  return { bucket, prefix: s3Prefix(match[2] ?? '') };
}

/** A key prefix written by hand as a folder: `a/b/` and `/a/b` become `a/b/`; unsafe segments throw. */
export function s3Prefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  if (trimmed !== '') checkSegments(trimmed, 'prefix');
  return asFolder(trimmed);
}

/** The key of a file under a prefix: `<prefix><relativePath>`; the path must be relative, with safe segments. */
export function s3ObjectKey(prefix: string, relativePath: string): string {
  if (relativePath === '' || relativePath.startsWith('/')) {
    throw new Error(`a destination path must be relative and non-empty, got '${relativePath}'`);
  }
  checkSegments(relativePath, 'path');
  return `${prefix}${relativePath}`;
}

/** The URI of a location: `s3://bucket/prefix/` (`s3://bucket/` for the bucket root). */
export function s3Uri(location: S3Location): string {
  return `s3://${location.bucket}/${location.prefix}`;
}

function asFolder(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}

function checkSegments(path: string, what: string): void {
  if (path.includes('\\')) throw new Error(`an S3 ${what} uses forward slashes, got '${path}'`);
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new Error(`an S3 ${what} may not contain empty, '.' or '..' segments, got '${path}'`);
    }
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path))
    throw new Error(`an S3 ${what} may not contain control characters, got ${JSON.stringify(path)}`);
}
