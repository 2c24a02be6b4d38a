import { describe, expect, it } from 'vitest';
import { createDialect } from '../../../src/adapters/registry.js';
import { loadTarget } from '../../../src/config/profiles.js';
import { loadProject } from '../../../src/config/project.js';
import type { ModelNode, SourceNode, TestNode } from '../../../src/manifest/types.js';
import { discoverFiles } from '../../../src/parser/discover.js';
import { ManifestBuilder, type ParsePhase } from '../../../src/parser/manifest-builder.js';
import { PARSE_PHASES, parseProject, type ParsedProject } from '../../../src/parser/parse-project.js';
import { linkNodes } from '../../../src/parser/phases/link.js';
import { parseSingularTest } from '../../../src/parser/parse-tests.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

const PROFILES = 'shop:\n  target: dev\n  outputs:\n    dev: { type: duckdb, schema: main }\n';
const SOURCES = 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: events\n';

/** Parse a project made of `files` (plus project.yml and profiles.yml) with `phases`. */
function parse(files: Record<string, string>, phases?: readonly ParsePhase[]): ParsedProject {
  const projectDir = tempProject({ 'project.yml': 'name: shop\n', 'profiles.yml': PROFILES, ...files });
  const project = loadProject(projectDir);
  const { target } = loadTarget({ projectRoot: projectDir, profilesDir: projectDir, profileName: project.profile });
  return parseProject({ project, target, dialect: createDialect(target.type) }, phases);
}

describe('parse phases', () => {
  it('runs a phase added before linking with the nodes found so far, and links the nodes it adds', () => {
    const seen: string[] = [];
    // a stand-in for a future node kind: SQL files under checks/, parsed as singular tests
    const addChecks: ParsePhase = (builder) => {
      seen.push(...builder.manifest.nodes.keys());
      for (const file of discoverFiles(builder.context.project.rootDir, ['checks'], ['.sql'])) {
        const { node, template } = parseSingularTest(builder.context, file);
        builder.addNode(node, template);
      }
    };
    const phases = [...PARSE_PHASES];
    phases.splice(phases.indexOf(linkNodes), 0, addChecks);
    const parsed = parse(
      {
        'models/orders.sql': 'select 1 as id',
        'checks/orders_exist.sql': "select * from {{ ref('orders') }} where false",
      },
      phases,
    );
    expect(seen).toEqual(['model.shop.orders']);
    expect(parsed.manifest.nodes.get('test.shop.orders_exist')?.dependsOn).toEqual(['model.shop.orders']);
    expect(parsed.manifest.childMap.get('model.shop.orders')).toEqual(['test.shop.orders_exist']);
    expect(parsed.templates.has('test.shop.orders_exist')).toBe(true);
  });

  it('parses the same manifest through the default phases as without naming them', () => {
    const files = { 'models/orders.sql': "select * from {{ source('raw', 'events') }}", 'models/sources.yml': SOURCES };
    const implicit = parse(files);
    const explicit = parse(files, PARSE_PHASES);
    expect([...explicit.manifest.nodes.keys()]).toEqual([...implicit.manifest.nodes.keys()]);
    expect(explicit.manifest.parentMap.get('model.shop.orders')).toEqual(['source.shop.raw.events']);
  });
});

/** A parsed project with one model, one source table and one singular test, to feed a fresh builder. */
function shop() {
  const parsed = parse({
    'models/orders.sql': 'select 1 as id',
    'models/sources.yml': SOURCES,
    'data-tests/no_orders.sql': "select * from {{ ref('orders') }} where id is null",
  });
  return {
    parsed,
    orders: parsed.manifest.nodes.get('model.shop.orders') as ModelNode,
    events: parsed.manifest.sources.get('source.shop.raw.events') as SourceNode,
    test: parsed.manifest.nodes.get('test.shop.no_orders') as TestNode,
  };
}

describe('ManifestBuilder', () => {
  it('adds a model under its name for ref() and keeps its template', () => {
    const { parsed, orders } = shop();
    const builder = new ManifestBuilder(parsed.context);
    builder.addNode(orders, parsed.templates.get(orders.uniqueId));
    expect(builder.manifest.refIndex.get('orders')).toBe('model.shop.orders');
    expect(builder.templates.get('model.shop.orders')).toBe(parsed.templates.get('model.shop.orders'));
  });

  it('refuses a second claim on a name, as the warehouse compares names', () => {
    const { parsed, orders } = shop();
    const builder = new ManifestBuilder(parsed.context);
    builder.addNode(orders);
    const shouting = {
      ...orders,
      uniqueId: 'model.shop.ORDERS',
      name: 'ORDERS',
      origin: { file: 'models/ORDERS.sql' },
    };
    expectStrataError(() => builder.addNode(shouting), {
      file: 'models/ORDERS.sql',
      message: "Two resources are named 'orders' and 'ORDERS', one name to the warehouse",
    });
  });

  it('refuses the same test or source table added twice', () => {
    const { parsed, test, events } = shop();
    const builder = new ManifestBuilder(parsed.context);
    builder.addNode(test);
    expectStrataError(() => builder.addNode(test), { message: 'The same test is declared twice: no_orders' });
    builder.addSource(events);
    expectStrataError(() => builder.addSource(events), {
      message: "source('raw', 'events') is declared twice",
    });
  });

  it('refuses a relation claimed by two nodes, and a claimed relation that is a source table', () => {
    const { parsed, orders, events } = shop();
    const builder = new ManifestBuilder(parsed.context);
    builder.claimRelation(orders);
    const copy = { ...orders, origin: { file: 'models/copy.sql' } };
    expectStrataError(() => builder.claimRelation(copy), {
      message: 'The model models/orders.sql and the model models/copy.sql both build main.orders',
    });
    builder.addSource({ ...events, relation: orders.relation });
    expectStrataError(() => builder.rejectSourceTables(), {
      file: 'models/orders.sql',
      message: "The model models/orders.sql builds main.orders, the table of source('raw', 'events')",
    });
  });

  it('finds the files of a kind once, however many phases ask', () => {
    const { parsed } = shop();
    const builder = new ManifestBuilder(parsed.context);
    const models = builder.files('models');
    expect(models.map((file) => file.file)).toEqual(['models/orders.sql']);
    expect(builder.files('models')).toBe(models);
    expect(builder.files('data_tests').map((file) => file.file)).toEqual(['data-tests/no_orders.sql']);
  });
});
