/**
 * `s3://bucket/prefix` URLs and the object keys under them: parsing, normalising the
 * prefix, and refusing relative paths that could name an object outside the prefix.
 */

export interface S3Location {
  bucket: string;
  /** without leading or trailing slashes; '' for the bucket root */
  prefix: string;
}

// S3's bucket naming rules (lower case, digits, dots and hyphens, 3 to 63 characters).
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parse `s3://bucket` or `s3://bucket/some/prefix` (a trailing slash is optional). */
export function parseS3Url(url: string): S3Location {
  const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(url);
  if (!match) throw new Error(`an S3 destination must look like s3://bucket/prefix, got '${url}'`);
  const bucket = match[1] as string;
  if (!BUCKET_NAME.test(bucket)) throw new Error(`'${bucket}' in '${url}' is not a valid S3 bucket name`);
  return { bucket, prefix: normalizePrefix(match[2] ?? '') };
}

/** `a/b/` and `/a/b` become `a/b`; empty segments (`a//b`) are refused. */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  if (trimmed !== '') checkSegments(trimmed, 'prefix');
  return trimmed;
}

/** The object key of a file: `<prefix>/<relativePath>`, or the path alone at the bucket root. */
export function objectKey(prefix: string, relativePath: string): string {
  if (relativePath === '' || relativePath.startsWith('/')) {
    throw new Error(`a destination path must be relative and non-empty, got '${relativePath}'`);
  }
  checkSegments(relativePath, 'path');
  return prefix === '' ? relativePath : `${prefix}/${relativePath}`;
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
