/**
 * Split `items` into consecutive chunks of at most `size`: AWS batch calls cap their items
 * (Glue's partition calls 25 or 100, S3's DeleteObjects 1,000).
 */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`chunk size must be a positive whole number, got ${size}`);
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
