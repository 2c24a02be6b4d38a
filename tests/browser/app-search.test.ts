import { describe, expect, it } from 'vitest';
import { buildSearchIndex, MatchKind } from '../../src/docs/app/search-index.js';
import { shopSiteData, siteDataOf } from './site-data-fixture.js';

describe('the docs search index', () => {
  const data = shopSiteData();
  const index = buildSearchIndex(data.nodes);
  const names = (query: string, limit?: number) => index.search(query, limit).map((hit) => data.nodes[hit.node]!.name);

  it('ranks the exact name first, then models before tests, then columns, then descriptions', () => {
    expect(names('fct_orders')).toEqual(['fct_orders', 'not_null_fct_orders_order_id', 'island']);
    expect(index.search('fct_orders').map((hit) => hit.kind)).toEqual([
      MatchKind.ExactName,
      MatchKind.NameContains,
      MatchKind.Description,
    ]);
  });

  it('puts name prefixes before names that merely contain the query, shorter names first', () => {
    expect(names('stg_')).toEqual(['stg_users', 'stg_orders']);
    expect(names('orders')).toEqual([
      'orders_daily',
      'fct_orders',
      'stg_orders',
      'not_null_fct_orders_order_id',
      'island',
    ]);
  });

  it('finds a node by a column name and says which column', () => {
    const [hit] = index.search('EMAIL');
    expect(data.nodes[hit!.node]!.name).toBe('stg_users');
    expect(hit).toMatchObject({ kind: MatchKind.Column, column: 'email' });
  });

  it('finds descriptions, ignores case and blank queries, and caps the results', () => {
    expect(names('raw users')).toEqual(['users']);
    expect(names('   ')).toEqual([]);
    expect(names('o', 2)).toHaveLength(2);
  });

  it('scans 25,000 nodes for a common substring quickly', () => {
    const big = siteDataOf(
      Array.from({ length: 25_000 }, (_, i) => ({
        name: `model_${String(i).padStart(5, '0')}`,
        description: `Synthetic model ${i}.`,
        columns: ['id', 'grp'],
      })),
    );
    const bigIndex = buildSearchIndex(big.nodes);
    const started = performance.now();
    const hits = bigIndex.search('model_0', 50);
    const elapsed = performance.now() - started;
    expect(hits).toHaveLength(50);
    expect(big.nodes[hits[0]!.node]!.name).toBe('model_00000');
    // generous: a keystroke must never feel slow, even on a loaded CI machine
    expect(elapsed).toBeLessThan(250);
  });
});
