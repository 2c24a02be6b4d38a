import { describe, expect, it } from 'vitest';
import { planExecution } from '../../../src/execution/execution-plan.js';
import { buildGraph } from '../../../src/graph/build-graph.js';
import type { ExposureNode, UnitTestNode } from '../../../src/manifest/types.js';
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

describe('planExecution with exposures (build)', () => {
  const exposure = { uniqueId: 'exposure.shop.board', name: 'board', resourceType: 'exposure' } as ExposureNode;
  const manifest = manifestOf([
    model('stg'),
    model('eph', { config: { materialized: 'ephemeral' }, dependsOn: [id('stg')] }),
    model('fct', { dependsOn: [id('stg')] }),
    model('dim', { dependsOn: [id('fct')] }),
    genericTest('not_null', [id('stg')], { column: 'id' }),
    { ...exposure, dependsOn: [id('eph')] },
  ]);
  const graph = buildGraph(manifest);
  const all = new Set([...manifest.nodes.keys(), exposure.uniqueId]);

  it('places an exposure in graph order after what it reads (through ephemerals), not after its tests', () => {
    const plan = planExecution(manifest, graph, all, true);
    expect(plan.prerequisites.get(exposure.uniqueId)).toEqual([id('stg')]);
    const at = (unit: string) => plan.order.indexOf(unit);
    expect(at(exposure.uniqueId)).toBeGreaterThan(at(id('stg')));
    // the exposure is not held to the end: it sits among the nodes, before dim
    expect(at(exposure.uniqueId)).toBeLessThan(at(id('dim')));
    // fct, unlike the exposure, waits for the test of stg
    expect(plan.prerequisites.get(id('fct'))).toHaveLength(2);
  });
});

describe('planExecution with unit tests', () => {
  const unitTest = (name: string, modelName: string): UnitTestNode => ({
    uniqueId: `unit_test.shop.${modelName}.${name}`,
    name,
    resourceType: 'unit_test',
    packageName: 'shop',
    fqn: ['shop', modelName, name],
    origin: { file: 'models/unit.yml', line: 3 },
    description: '',
    tags: [],
    meta: {},
    model: modelName,
    modelId: id(modelName),
    given: [],
    expect: { format: 'dict', rows: [] },
    overrides: { macros: {}, vars: {}, envVars: {} },
    config: { enabled: true, materialized: 'test', tags: [], extra: {} },
    checksum: '',
    dependsOn: [id(modelName)],
  });
  const manifest = manifestOf([
    model('stg'),
    model('fct', { dependsOn: [id('stg')] }),
    model('funnel', { dependsOn: [id('fct')] }),
    genericTest('unique', [id('fct')], { column: 'id' }),
    // a relationships test from the tested model to its parent
    genericTest('relationships', [id('funnel'), id('fct')], { column: 'fct_id' }),
    unitTest('stages', 'funnel'),
  ]);
  const graph = buildGraph(manifest);
  const all = new Set([...manifest.nodes.keys()]);
  const find = (prefix: string) => [...manifest.nodes.values()].find((n) => n.name.startsWith(prefix))!.uniqueId;

  it("in build, runs after the model's parents and their tests, before the model, never after it", () => {
    const plan = planExecution(manifest, graph, all, true);
    const test = 'unit_test.shop.funnel.stages';
    expect(plan.prerequisites.get(test)).toEqual(expect.arrayContaining([id('fct'), find('unique')]));
    expect(plan.prerequisites.get(test)).not.toContain(find('relationships'));
    expect(plan.prerequisites.get(test)).not.toContain(id('funnel'));
    expect(plan.prerequisites.get(id('funnel'))).toContain(test);
  });
});
