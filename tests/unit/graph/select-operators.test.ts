import { describe, expect, it } from 'vitest';
import { addAttachedTests } from '../../../src/graph/attached-tests.js';
import { buildGraph } from '../../../src/graph/build-graph.js';
import { selectNodes } from '../../../src/graph/select.js';
import type { SelectOptions } from '../../../src/graph/select.js';
import { genericTest, m, manifestOf, model, s, shopProject, src, t } from './fixtures.js';

const manifest = shopProject();
const graph = buildGraph(manifest);

function run(options: SelectOptions): string[] {
  return [...selectNodes(manifest, graph, options).selected].sort();
}

function select(...items: string[]): string[] {
  return run({ select: items });
}

const sorted = (...ids: string[]): string[] => [...ids].sort();

describe('graph operators', () => {
  it('+x adds every ancestor', () => {
    expect(select('+fct_orders')).toEqual(
      sorted(
        m('fct_orders'),
        m('stg_orders'),
        m('dim_users'),
        m('stg_users'),
        s('countries'),
        src('bronze', 'orders'),
        src('bronze', 'users'),
      ),
    );
  });

  it('N+x adds ancestors up to N levels', () => {
    expect(select('1+fct_orders')).toEqual(sorted(m('fct_orders'), m('stg_orders'), m('dim_users')));
    expect(select('2+fct_orders')).toEqual(
      sorted(m('fct_orders'), m('stg_orders'), m('dim_users'), src('bronze', 'orders'), m('stg_users'), s('countries')),
    );
    expect(select('0+fct_orders')).toEqual([m('fct_orders')]);
  });

  it('x+ adds every descendant, tests included', () => {
    expect(select('fct_orders+')).toEqual(
      sorted(m('fct_orders'), m('orders_daily'), t('relationships_fct_orders_user_id'), t('assert_positive_totals')),
    );
  });

  it('x+N adds descendants up to N levels', () => {
    expect(select('fct_orders+1')).toEqual(
      sorted(m('fct_orders'), m('orders_daily'), t('relationships_fct_orders_user_id')),
    );
  });

  it('combines both sides and methods: 1+tag:marts+1', () => {
    expect(select('1+config.materialized:incremental+1')).toEqual(
      sorted(
        m('fct_orders'),
        m('stg_orders'),
        m('dim_users'),
        m('orders_daily'),
        t('relationships_fct_orders_user_id'),
      ),
    );
  });

  it('@x adds descendants and all their ancestors', () => {
    expect(select('@stg_users')).toEqual(
      sorted(
        m('stg_users'),
        m('dim_users'),
        m('fct_orders'),
        m('orders_daily'),
        t('relationships_fct_orders_user_id'),
        t('assert_positive_totals'),
        src('bronze', 'users'),
        s('countries'),
        m('stg_orders'),
        src('bronze', 'orders'),
      ),
    );
  });

  it('source:x+ selects everything downstream of a source', () => {
    expect(select('source:bronze.orders+1')).toEqual(sorted(src('bronze', 'orders'), m('stg_orders')));
  });
});

describe('set operations', () => {
  it('space and separate arguments are a union', () => {
    expect(select('tag:staging countries')).toEqual(sorted(m('stg_orders'), m('stg_users'), s('countries')));
    expect(select('tag:staging', 'countries')).toEqual(select('tag:staging countries'));
  });

  it('comma is an intersection, graph operators applied per criterion', () => {
    expect(select('tag:staging,stg_o*')).toEqual([m('stg_orders')]);
    expect(select('+fct_orders,resource_type:source')).toEqual(sorted(src('bronze', 'orders'), src('bronze', 'users')));
    expect(select('+orders_daily,fct_orders+')).toEqual(sorted(m('fct_orders'), m('orders_daily')));
  });

  it('warns when an intersection is empty', () => {
    const result = selectNodes(manifest, graph, { select: ['tag:staging,tag:marts'] });
    expect(result.selected.size).toBe(0);
    expect(result.warnings).toEqual([
      "The selection criterion 'tag:staging,tag:marts' (--select) does not match any enabled nodes",
    ]);
  });

  it('exclude is removed last, and takes the excluded nodes tests along', () => {
    expect(run({ select: ['+fct_orders'], exclude: ['resource_type:source', 'countries'] })).toEqual(
      sorted(m('fct_orders'), m('stg_orders'), m('dim_users'), m('stg_users')),
    );
    // The relationships test depends on fct_orders, so excluding fct_orders drops it too (dbt's rule).
    expect(run({ select: ['stg_orders+'], exclude: ['fct_orders'] })).toEqual(
      sorted(
        m('stg_orders'),
        t('not_null_stg_orders_order_id'),
        t('unique_stg_orders_order_id'),
        m('orders_daily'),
        t('assert_positive_totals'),
      ),
    );
    expect(run({ exclude: ['tag:staging'], resourceTypes: ['model'] })).toEqual(
      sorted(m('dim_users'), m('fct_orders'), m('orders_daily')),
    );
  });

  it('warns for an exclude matching nothing', () => {
    const result = selectNodes(manifest, graph, { exclude: ['stg_ordres'] });
    expect(result.warnings).toEqual([
      "The selection criterion 'stg_ordres' (--exclude) does not match any enabled nodes. Did you mean 'stg_orders'?",
    ]);
  });

  it('resourceTypes filters the final set', () => {
    expect(run({ select: ['stg_orders+'], resourceTypes: ['test'] })).toEqual(
      sorted(
        t('not_null_stg_orders_order_id'),
        t('unique_stg_orders_order_id'),
        t('relationships_fct_orders_user_id'),
        t('assert_positive_totals'),
      ),
    );
  });
});

describe('attached tests', () => {
  it('addAttachedTests adds tests with any selected parent, without touching its input', () => {
    const input = new Set([m('dim_users')]);
    expect([...addAttachedTests(input, manifest)].sort()).toEqual(
      sorted(m('dim_users'), t('relationships_fct_orders_user_id')),
    );
    expect(input.size).toBe(1);
    expect([...addAttachedTests(new Set([m('stg_orders')]), manifest)].sort()).toEqual(
      sorted(m('stg_orders'), t('not_null_stg_orders_order_id'), t('unique_stg_orders_order_id')),
    );
  });

  it('skips disabled tests', () => {
    const small = manifestOf([
      model('a'),
      genericTest('not_null', [m('a')], { column: 'id', config: { enabled: false } }),
    ]);
    expect([...addAttachedTests(new Set([m('a')]), small)]).toEqual([m('a')]);
  });

  it("indirectSelection 'eager' adds them per criterion; the default leaves them out", () => {
    expect(select('stg_orders')).toEqual([m('stg_orders')]);
    expect(run({ select: ['stg_orders'], indirectSelection: 'eager' })).toEqual(
      sorted(m('stg_orders'), t('not_null_stg_orders_order_id'), t('unique_stg_orders_order_id')),
    );
    // Per criterion, as dbt: both sides carry their tests into the intersection, so
    // `config.materialized:view,tag:staging` in `strata test` tests the staging views.
    expect(run({ select: ['config.materialized:view,tag:staging'], indirectSelection: 'eager' })).toEqual(
      sorted(m('stg_orders'), m('stg_users'), t('not_null_stg_orders_order_id'), t('unique_stg_orders_order_id')),
    );
    expect(run({ select: ['stg_orders'], exclude: ['test_name:unique'], indirectSelection: 'eager' })).toEqual(
      sorted(m('stg_orders'), t('not_null_stg_orders_order_id')),
    );
  });
});
