/**
 * Hash routes, so the site works opened from disk (file:// has no server to route paths):
 * `#/overview`, `#/node/<uniqueId>`, `#/lineage?focus=<uniqueId>&up=2...`, `#/search?q=...`.
 * Pure functions; the app reacts to `hashchange`.
 */

export type Route =
  | { page: 'overview' }
  | { page: 'node'; uniqueId: string }
  | { page: 'lineage'; params: URLSearchParams }
  | { page: 'search'; query: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const queryAt = path.indexOf('?');
  const head = queryAt === -1 ? path : path.slice(0, queryAt);
  const params = new URLSearchParams(queryAt === -1 ? '' : path.slice(queryAt + 1));
  if (head.startsWith('node/')) return { page: 'node', uniqueId: safeDecode(head.slice('node/'.length)) };
  if (head === 'lineage') return { page: 'lineage', params };
  if (head === 'search') return { page: 'search', query: params.get('q') ?? '' };
  return { page: 'overview' };
}

export function nodeHref(uniqueId: string): string {
  return `#/node/${encodeURIComponent(uniqueId)}`;
}

export function lineageHref(params: URLSearchParams | Record<string, string> = {}): string {
  const query = new URLSearchParams(params).toString();
  return query ? `#/lineage?${query}` : '#/lineage';
}

export function searchHref(query: string): string {
  return `#/search?${new URLSearchParams({ q: query }).toString()}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
