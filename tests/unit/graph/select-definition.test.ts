import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../src/graph/build-graph.js';
import { selectByDefinition } from '../../../src/graph/select-definition.js';
import type { SelectorDefinition, SelectorsFile } from '../../../src/graph/selectors-file.js';
import { m, shopProject } from './fixtures.js';

const manifest = shopProject();
const graph = buildGraph(manifest);
const at = { file: 'selectors.yml', line: 1 };
const text = (value: string, indirect: 'eager' | 'cautious' | 'buildable' | 'empty' = 'eager'): SelectorDefinition => ({
  kind: 'text',
  text: value,
  indirect,
  at,
});
const named: SelectorsFile = {
  file: 'selectors.yml',
  selectors: new Map([['marts', { name: 'marts', isDefault: false, definition: text('tag:marts'), at }]]),
};

function select(definition: SelectorDefinition): string[] {
  return [...selectByDefinition(definition, { manifest, graph, selectors: named }).selected].sort();
}

const models = (ids: string[]) => ids.filter((id) => id.startsWith('model.'));
const tests = (ids: string[]) =>
  ids.filter((id) => id.startsWith('test.')).map((id) => id.split('.')[2]!.split('_')[0]);

describe('selectByDefinition', () => {
  it('unions, intersects and excludes', () => {
    const union: SelectorDefinition = {
      kind: 'union',
      items: [text('tag:staging'), { kind: 'selector', name: 'marts', at }],
      exclude: [text('stg_users')],
      at,
    };
    expect(models(select(union))).toEqual([m('dim_users'), m('fct_orders'), m('stg_orders')]);
    const intersection: SelectorDefinition = {
      kind: 'intersection',
      items: [text('+fct_orders'), text('tag:marts')],
      exclude: [],
      at,
    };
    expect(models(select(intersection))).toEqual([m('dim_users'), m('fct_orders')]);
  });

  it("adds attached tests as each criterion's indirect_selection says", () => {
    // the relationships test has parents fct_orders and dim_users
    expect(tests(select(text('fct_orders')))).toEqual(['relationships']);
    expect(tests(select(text('fct_orders', 'empty')))).toEqual([]);
    expect(tests(select(text('fct_orders', 'cautious')))).toEqual([]);
    expect(tests(select(text('orders_daily', 'cautious')))).toEqual(['assert']);
    expect(tests(select(text('tag:marts', 'cautious')))).toEqual(['relationships']);
    // buildable: parents selected or built before the selection (dim_users is an ancestor)
    expect(tests(select(text('fct_orders', 'buildable')))).toEqual(['relationships']);
  });
});
