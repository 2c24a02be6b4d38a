import { describe, expect, it } from 'vitest';
import type { NodeResult, NodeStatus } from '../../../src/artifacts/run-results-json.js';
import type { ModelNode } from '../../../src/manifest/types.js';
import { runnerFor } from '../../../src/execution/runners/runner-registry.js';
import { fixtureManifest, notNullTest, seed, singularTest, source, stgOrders } from '../artifacts/fixture-manifest.js';

const result = (status: NodeStatus, failures?: number): NodeResult => ({
  uniqueId: 'x',
  status,
  timings: [],
  threadId: 'Thread-1',
  failures,
});

describe('runnerFor', () => {
  it('finds the runner of every node type the manifest holds', () => {
    for (const node of fixtureManifest().nodes.values()) {
      expect(runnerFor(node).resourceType).toBe(node.resourceType);
    }
  });

  it('reports a node type no runner runs, naming the type and the node', () => {
    expect(() => runnerFor(source)).toThrow(/No runner for resource type 'source' \(source\.shop\.bronze\.orders\)/);
  });
});

describe('node runners', () => {
  it('skip lines name the node itself', () => {
    expect(runnerFor(stgOrders).skipLine(stgOrders)).toBe('SKIP relation main.stg_orders');
    expect(runnerFor(seed).skipLine(seed)).toBe('SKIP relation main.countries');
    expect(runnerFor(notNullTest).skipLine(notNullTest)).toBe('SKIP test not_null_stg_orders_order_id');
    expect(runnerFor(singularTest).skipLine(singularTest)).toBe('SKIP test assert_positive_totals');
  });

  it('a skip line keeps a relation name that has spaces whole', () => {
    const spaced: ModelNode = { ...stgOrders, relation: { schema: 'sales data', identifier: 'order lines' } };
    expect(runnerFor(spaced).skipLine(spaced)).toBe('SKIP relation sales data.order lines');
  });

  it('describe a model by materialization and relation, a seed by its table, a test by name', () => {
    expect(runnerFor(stgOrders).describe(stgOrders)).toBe('sql table model main.stg_orders');
    expect(runnerFor(seed).describe(seed)).toBe('seed file main.countries');
    expect(runnerFor(notNullTest).describe(notNullTest)).toBe('test not_null_stg_orders_order_id');
  });

  it('word result lines as dbt does for each type and outcome', () => {
    const model = runnerFor(stgOrders);
    expect(model.resultLine(stgOrders, result('success'))).toBe('OK created sql table model main.stg_orders');
    expect(model.resultLine(stgOrders, result('error'))).toBe('ERROR creating sql table model main.stg_orders');
    const seedRunner = runnerFor(seed);
    expect(seedRunner.resultLine(seed, result('success'))).toBe('OK loaded seed file main.countries');
    expect(seedRunner.resultLine(seed, result('error'))).toBe('ERROR loading seed file main.countries');
    const test = runnerFor(notNullTest);
    const name = notNullTest.name;
    expect(test.resultLine(notNullTest, result('pass', 0))).toBe(`PASS ${name}`);
    expect(test.resultLine(notNullTest, result('warn', 3))).toBe(`WARN 3 ${name}`);
    expect(test.resultLine(notNullTest, result('fail', 1))).toBe(`FAIL 1 ${name}`);
    expect(test.resultLine(notNullTest, result('error'))).toBe(`ERROR ${name}`);
  });

  it('name the relation a node writes, so its schema is created first; a test writes none', () => {
    expect(runnerFor(stgOrders).relationOf(stgOrders)).toEqual({ schema: 'main', identifier: 'stg_orders' });
    expect(runnerFor(seed).relationOf(seed)).toEqual({ schema: 'main', identifier: 'countries' });
    expect(runnerFor(notNullTest).relationOf(notNullTest)).toBeUndefined();
  });

  it('count nodes for the closing summary by kind', () => {
    expect(runnerFor(stgOrders).summaryKind(stgOrders)).toBe('table model');
    expect(runnerFor(seed).summaryKind(seed)).toBe('seed');
    expect(runnerFor(notNullTest).summaryKind(notNullTest)).toBe('test');
  });
});
