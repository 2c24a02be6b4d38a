/**
 * Search over names, descriptions and column names. The lowercase haystacks are built
 * once, so a keystroke is a linear scan of plain strings (a few ms at 25,000 nodes).
 * Ranking: exact name, name prefix, name substring, column name, description.
 */
import type { DocsNode } from '../site-data.js';

/** Lower ranks first. */
export const MatchKind = { ExactName: 0, NamePrefix: 1, NameContains: 2, Column: 3, Description: 4 } as const;
export type MatchKind = (typeof MatchKind)[keyof typeof MatchKind];

export interface SearchHit {
  node: number;
  kind: MatchKind;
  /** the column whose name matched, for MatchKind.Column */
  column?: string;
}

export interface SearchIndex {
  search(query: string, limit?: number): SearchHit[];
}

/** Tests sort after models, seeds and sources of the same rank: they are rarely what is sought. */
const TYPE_ORDER: Record<DocsNode['resourceType'], number> = {
  model: 0,
  source: 1,
  seed: 2,
  snapshot: 3,
  exposure: 4,
  test: 5,
  unit_test: 6,
};

export function buildSearchIndex(nodes: readonly DocsNode[]): SearchIndex {
  const names = nodes.map((node) => node.name.toLowerCase());
  const labels = nodes.map((node) => node.label.toLowerCase());
  // one string per node with column names separated by \n, to find which column matched
  const columns = nodes.map((node) =>
    node.columns.length ? `\n${node.columns.map((c) => c.name.toLowerCase()).join('\n')}\n` : '',
  );
  const descriptions = nodes.map((node) =>
    `${node.descriptionText}\n${node.columns.map((c) => c.descriptionText).join('\n')}`.toLowerCase(),
  );

  function classify(i: number, query: string): SearchHit | undefined {
    const name = names[i]!;
    const label = labels[i]!;
    if (name === query || label === query) return { node: i, kind: MatchKind.ExactName };
    if (name.startsWith(query) || label.startsWith(query)) return { node: i, kind: MatchKind.NamePrefix };
    if (label.includes(query) || name.includes(query)) return { node: i, kind: MatchKind.NameContains };
    const columnText = columns[i]!;
    const at = columnText.indexOf(query);
    if (at !== -1) {
      const start = columnText.lastIndexOf('\n', at) + 1;
      const column = columnText.slice(start, columnText.indexOf('\n', at));
      return {
        node: i,
        kind: MatchKind.Column,
        column: nodes[i]!.columns.find((c) => c.name.toLowerCase() === column)?.name ?? column,
      };
    }
    if (descriptions[i]!.includes(query)) return { node: i, kind: MatchKind.Description };
    return undefined;
  }

  return {
    search(rawQuery, limit = 50) {
      const query = rawQuery.trim().toLowerCase();
      if (!query) return [];
      const hits: SearchHit[] = [];
      for (let i = 0; i < nodes.length; i++) {
        const hit = classify(i, query);
        if (hit) hits.push(hit);
      }
      hits.sort(
        (a, b) =>
          a.kind - b.kind ||
          TYPE_ORDER[nodes[a.node]!.resourceType] - TYPE_ORDER[nodes[b.node]!.resourceType] ||
          names[a.node]!.length - names[b.node]!.length ||
          (names[a.node]! < names[b.node]! ? -1 : names[a.node]! > names[b.node]! ? 1 : 0),
      );
      return hits.length > limit ? hits.slice(0, limit) : hits;
    },
  };
}
