/**
 * JSON with object keys sorted, so two configs compare equal whatever order their keys
 * were written in. Object entries whose value is null or undefined are dropped: the
 * manifest writer omits unset keys, but another writer (or dbt) may spell them as null.
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(normalize(value));
}

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== null && item !== undefined) sorted[key] = normalize(item);
  }
  return sorted;
}
