/**
 * Shell-style wildcards in selector values (`stg_*`, `tag:gold*`, `path:models/staging/stg_*`).
 * `*` matches any run of characters and `?` one character; in paths, `*` stays within a
 * folder and `**` crosses folders, as in most shells.
 */

/** True when the value contains a wildcard, so exact-match indexes cannot answer it. */
export function hasWildcard(value: string): boolean {
  return value.includes('*') || value.includes('?');
}

/** A regular expression source (no anchors) for a wildcard pattern. */
export function globSource(pattern: string, options: { path?: boolean } = {}): string {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*') {
      if (options.path && pattern[i + 1] === '*') {
        source += '.*';
        i++;
      } else {
        source += options.path ? '[^/]*' : '.*';
      }
    } else if (char === '?') {
      source += options.path ? '[^/]' : '.';
    } else {
      source += char.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
    }
  }
  return source;
}

/** A predicate matching whole strings against a wildcard pattern (exact compare without wildcards). */
export function globMatcher(pattern: string): (text: string) => boolean {
  if (!hasWildcard(pattern)) return (text) => text === pattern;
  const regex = new RegExp(`^${globSource(pattern)}$`);
  return (text) => regex.test(text);
}
