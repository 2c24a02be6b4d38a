import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../src/graph/build-graph.js';
import { assertAcyclic, findCycle } from '../../../src/graph/cycles.js';
import { StrataError } from '../../../src/errors/strata-error.js';
import { m, manifestOf, model, shopProject } from './fixtures.js';

function cycleError(manifest: ReturnType<typeof manifestOf>): StrataError {
  try {
    assertAcyclic(buildGraph(manifest), manifest);
  } catch (error) {
    expect(error).toBeInstanceOf(StrataError);
    return error as StrataError;
  }
  throw new Error('expected a cycle error');
}

describe('cycles', () => {
  it('accepts an acyclic project', () => {
    const manifest = shopProject();
    expect(findCycle(buildGraph(manifest))).toBeUndefined();
    expect(() => assertAcyclic(buildGraph(manifest), manifest)).not.toThrow();
  });

  it('names the cycle by unique ids and names, at the first node, with a hint', () => {
    const manifest = manifestOf([
      model('a', { folder: 'staging', dependsOn: [m('b')] }),
      model('b', { dependsOn: [m('a')] }),
    ]);
    const error = cycleError(manifest);
    expect(error.message).toBe('Found a cycle: model.shop.a -> model.shop.b -> model.shop.a (a -> b -> a)');
    expect(error.location).toEqual({ file: 'models/staging/a.sql', line: 1 });
    expect(error.hint).toContain("ref('b') in models/staging/a.sql");
  });

  it('finds a longer cycle behind an acyclic prefix', () => {
    const manifest = manifestOf([
      model('root'),
      model('x', { dependsOn: [m('root'), m('z')] }),
      model('y', { dependsOn: [m('x')] }),
      model('z', { dependsOn: [m('y')] }),
    ]);
    expect(cycleError(manifest).message).toContain('(x -> y -> z -> x)');
  });

  it('reports a node depending on itself', () => {
    const manifest = manifestOf([model('selfish', { dependsOn: [m('selfish')] })]);
    expect(cycleError(manifest).message).toContain('(selfish -> selfish)');
  });

  it('handles a 10,000-model chain closed into a loop without recursion', () => {
    const count = 10_000;
    const nodes = Array.from({ length: count }, (_, i) =>
      model(`n${i}`, { dependsOn: [m(`n${(i + count - 1) % count}`)] }),
    );
    const cycle = findCycle(buildGraph(manifestOf(nodes)));
    expect(cycle).toHaveLength(count + 1);
    expect(cycle![0]).toBe(cycle![count]);
  });
});
