import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../src/graph/build-graph.js';
import { selectNodes } from '../../../src/graph/select.js';
import type { SelectOptions } from '../../../src/graph/select.js';
import { m, manifestOf, model, s, seed, shopProject, src, t } from './fixtures.js';

const manifest = shopProject();
const graph = buildGraph(manifest);

/** The selected ids, sorted, for `--select <select...>`. */
function select(...items: string[]): string[] {
  return run({ select: items });
}

function run(options: SelectOptions): string[] {
  return [...selectNodes(manifest, graph, options).selected].sort();
}

describe('selector methods', () => {
  it('selects by bare name, of any resource type', () => {
    expect(select('stg_orders')).toEqual([m('stg_orders')]);
    expect(select('countries')).toEqual([s('countries')]);
    expect(select('events')).toEqual([src('other', 'events')]);
    expect(select('assert_positive_totals')).toEqual([t('assert_positive_totals')]);
  });

  it('selects by name wildcard', () => {
    expect(select('stg_*')).toEqual([m('stg_orders'), m('stg_users')]);
    expect(select('*_users')).toEqual([m('dim_users'), m('stg_users')]);
  });

  it('selects by dotted fqn prefix, the package, and fqn:', () => {
    expect(select('shop.staging')).toEqual([m('stg_orders'), m('stg_users')]);
    expect(select('shop.marts.fct_orders')).toEqual([m('fct_orders')]);
    expect(select('shop.gold.*')).toEqual([m('orders_daily')]);
    expect(select('fqn:shop.staging.stg_users')).toEqual([m('stg_users')]);
    expect(select('shop')).toHaveLength(13); // everything enabled
  });

  it('selects by tag, from the node or its config, with wildcards', () => {
    expect(select('tag:staging')).toEqual([m('stg_orders'), m('stg_users')]);
    expect(select('tag:marts')).toEqual([m('dim_users'), m('fct_orders')]);
    expect(select('tag:gold*')).toEqual([m('fct_orders'), m('orders_daily')]);
    expect(select('tag:pii')).toEqual([m('stg_users'), src('bronze', 'users')]);
  });

  it('selects by path: a folder, a file, a glob, or a bare path-like value', () => {
    expect(select('path:models/staging')).toEqual([
      m('stg_orders'),
      m('stg_users'),
      src('bronze', 'orders'),
      src('bronze', 'users'),
      t('not_null_stg_orders_order_id'),
      t('unique_stg_orders_order_id'),
    ]);
    expect(select('path:models/marts/fct_orders.sql')).toEqual([m('fct_orders')]);
    expect(select('path:./models/gold/')).toEqual([m('orders_daily')]);
    expect(select('models/marts/*.sql')).toEqual([m('dim_users'), m('fct_orders')]);
    expect(select('models/gold/orders_daily.sql')).toEqual([m('orders_daily')]);
    expect(select('path:tests')).toEqual([t('assert_positive_totals')]);
    // `models/stag` is not a folder prefix of `models/staging`.
    expect(selectNodes(manifest, graph, { select: ['path:models/stag'] }).selected.size).toBe(0);
  });

  it('selects by file name, with or without extension', () => {
    expect(select('file:dim_users.sql')).toEqual([m('dim_users')]);
    expect(select('file:dim_users')).toEqual([m('dim_users')]);
  });

  it('selects by resource_type and package', () => {
    expect(select('resource_type:seed')).toEqual([s('countries')]);
    expect(select('resource_type:source')).toHaveLength(3);
    expect(select('package:shop')).toHaveLength(13);
    expect(select('package:other')).toEqual([]);
  });

  it('selects by any config key in configToJson shape, lists matching any item', () => {
    expect(select('config.materialized:table')).toEqual([m('dim_users'), m('orders_daily')]);
    expect(select('config.materialized:incr*')).toEqual([m('fct_orders')]);
    expect(select('config.incremental_strategy:merge')).toEqual([m('fct_orders')]);
    expect(select('config.unique_key:order_id')).toEqual([m('fct_orders')]);
    expect(select('config.tags:gold')).toEqual([m('orders_daily')]);
    expect(select('config.severity:error')).toHaveLength(4);
    // a severity in any case, as dbt reads it (its default is written `ERROR`)
    expect(select('config.severity:ERROR')).toHaveLength(4);
  });

  it('selects config keys from extra, including nested ones and booleans', () => {
    const custom = manifestOf([
      model('a', { config: { extra: { dist: 'even', meta: { owner: 'ana' }, transient: true } } }),
      model('b'),
    ]);
    const customGraph = buildGraph(custom);
    const pick = (text: string) => [...selectNodes(custom, customGraph, { select: [text] }).selected];
    expect(pick('config.dist:even')).toEqual([m('a')]);
    expect(pick('config.meta.owner:ana')).toEqual([m('a')]);
    expect(pick('config.transient:true')).toEqual([m('a')]);
  });

  it('selects sources by source name, table, or package-qualified', () => {
    expect(select('source:bronze')).toEqual([src('bronze', 'orders'), src('bronze', 'users')]);
    expect(select('source:bronze.orders')).toEqual([src('bronze', 'orders')]);
    expect(select('source:bronze.u*')).toEqual([src('bronze', 'users')]);
    expect(select('source:shop.other.events')).toEqual([src('other', 'events')]);
  });

  it('selects tests by test_type and test_name', () => {
    expect(select('test_type:singular')).toEqual([t('assert_positive_totals')]);
    expect(select('test_type:generic')).toEqual([
      t('not_null_stg_orders_order_id'),
      t('relationships_fct_orders_user_id'),
      t('unique_stg_orders_order_id'),
    ]);
    expect(select('test_name:unique')).toEqual([t('unique_stg_orders_order_id')]);
  });

  it('never selects disabled nodes', () => {
    expect(select('disabled_daily')).toEqual([]);
    expect(select('fct_orders+')).not.toContain(m('disabled_daily'));
    expect(run({})).not.toContain(m('disabled_daily'));
  });

  it('selects every enabled node without --select, filtered by resourceTypes', () => {
    expect(run({})).toHaveLength(13);
    expect(run({ resourceTypes: ['model'] })).toEqual([
      m('dim_users'),
      m('fct_orders'),
      m('orders_daily'),
      m('stg_orders'),
      m('stg_users'),
    ]);
    expect(run({ select: ['  '] })).toHaveLength(13);
  });

  it('warns, without failing, when a criterion matches nothing, suggesting a close name', () => {
    const result = selectNodes(manifest, graph, { select: ['stg_order', 'tag:nope', 'stg_users'] });
    expect([...result.selected]).toEqual([m('stg_users')]);
    expect(result.warnings).toEqual([
      "The selection criterion 'stg_order' (--select) does not match any enabled nodes. Did you mean 'stg_orders'?",
      "The selection criterion 'tag:nope' (--select) does not match any enabled nodes",
    ]);
  });

  it('answers many exact names by lookup', () => {
    const names = Array.from({ length: 2_000 }, (_, i) => `n${i}`);
    const big = manifestOf([seed('root'), ...names.map((name) => model(name, { dependsOn: [s('root')] }))]);
    const result = selectNodes(big, buildGraph(big), { select: names });
    expect(result.selected.size).toBe(2_000);
  });
});
