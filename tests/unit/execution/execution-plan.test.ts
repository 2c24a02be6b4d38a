import { describe, expect, it } from 'vitest';
import { planExecution } from '../../../src/execution/execution-plan.js';
import { buildGraph } from '../../../src/graph/build-graph.js';
import { genericTest, manifestOf, model } from '../graph/fixtures.js';

const id = (name: string) => `model.shop.${name}`;

describe('planExecution', () => {
  const manifest = manifestOf([
    model('stg'),
    model('eph', { config: { materialized: 'ephemeral' }, dependsOn: [id('stg')] }),
    model('fct', { dependsOn: [id('eph')] }),
    model('dim', { dependsOn: [id('fct')] }),
    genericTest('unique', [id('fct')], { column: 'id' }),
    // a relationships test from fct to a model downstream of fct
    genericTest('relationships', [id('fct'), id('dim')], { column: 'dim_id' }),
  ]);
  const graph = buildGraph(manifest);
  const all = new Set([...manifest.nodes.keys()]);
  const unique = [...manifest.nodes.values()].find((n) => n.name.startsWith('unique'))!.uniqueId;
  const relationships = [...manifest.nodes.values()].find((n) => n.name.startsWith('relationships'))!.uniqueId;

  it('waits through ephemeral models for their executable parents and leaves ephemerals out', () => {
    const plan = planExecution(manifest, graph, all, false);
    expect(plan.order).not.toContain(id('eph'));
    expect(plan.prerequisites.get(id('fct'))).toEqual([id('stg')]);
  });

  it("in build, gates children on their parents' tests, except tests that read a descendant", () => {
    const plan = planExecution(manifest, graph, all, true);
    expect(plan.prerequisites.get(id('dim'))).toEqual(expect.arrayContaining([id('fct'), unique]));
    expect(plan.prerequisites.get(id('dim'))).not.toContain(relationships);
    expect(plan.prerequisites.get(relationships)).toEqual(expect.arrayContaining([id('fct'), id('dim')]));
  });
});
