import { describe, expect, it } from 'vitest';
import {
  defaultLineageState,
  paramsFromState,
  parseDepth,
  stateFromParams,
} from '../../src/docs/app/lineage/lineage-state.js';
import { lineageHref, nodeHref, parseRoute, searchHref } from '../../src/docs/app/routes.js';

describe('docs site routes', () => {
  it('parses every page from the hash, defaulting to the overview', () => {
    expect(parseRoute('')).toEqual({ page: 'overview' });
    expect(parseRoute('#/overview')).toEqual({ page: 'overview' });
    expect(parseRoute('#/nonsense')).toEqual({ page: 'overview' });
    expect(parseRoute(nodeHref('source.shop.bronze.orders'))).toEqual({
      page: 'node',
      uniqueId: 'source.shop.bronze.orders',
    });
    expect(parseRoute(searchHref('fct orders & more'))).toEqual({ page: 'search', query: 'fct orders & more' });
    const lineage = parseRoute(lineageHref({ focus: 'model.shop.fct_orders', up: '2' }));
    expect(lineage.page).toBe('lineage');
    expect(lineage.page === 'lineage' && Object.fromEntries(lineage.params)).toEqual({
      focus: 'model.shop.fct_orders',
      up: '2',
    });
  });

  it('survives ids that need escaping and broken escapes', () => {
    expect(parseRoute(nodeHref('model.shop.a/b?c#d'))).toEqual({ page: 'node', uniqueId: 'model.shop.a/b?c#d' });
    expect(parseRoute('#/node/%E0%A4%A')).toEqual({ page: 'node', uniqueId: '%E0%A4%A' });
  });
});

describe('the lineage state in the URL', () => {
  const ids = ['model.shop.a', 'model.shop.b'];
  const number = (id: string) => (ids.includes(id) ? ids.indexOf(id) : undefined);
  const id = (node: number) => ids[node]!;

  it('keeps links short: the default state has no parameters', () => {
    expect(paramsFromState(defaultLineageState(), id).toString()).toBe('');
  });

  it('round-trips focus, path, depths, filters and the hide switch', () => {
    const state = {
      ...defaultLineageState(),
      focus: 0,
      pathTo: 1,
      up: 2,
      down: 0,
      types: new Set(['model', 'test'] as const),
      tag: 'gold',
      folder: 'models/marts',
      hideUnrelated: true,
    };
    const params = paramsFromState(state, id);
    expect(Object.fromEntries(params)).toEqual({
      focus: 'model.shop.a',
      path: 'model.shop.b',
      up: '2',
      down: '0',
      types: 'model,test',
      tag: 'gold',
      folder: 'models/marts',
      only: '1',
    });
    expect(stateFromParams(params, number)).toEqual(state);
  });

  it('ignores unknown nodes, a path without a focus, and bad depths', () => {
    const state = stateFromParams(new URLSearchParams('focus=model.shop.gone&path=model.shop.b&up=-1&down=x'), number);
    expect(state).toMatchObject({ focus: -1, pathTo: -1, up: Infinity, down: Infinity });
    expect([parseDepth('all'), parseDepth('3'), parseDepth('1.5')]).toEqual([Infinity, 3, Infinity]);
  });
});
