import { describe, expect, it } from 'vitest';
import { createDialect } from '../../../src/adapters/registry.js';
import { loadTarget } from '../../../src/config/profiles.js';
import { loadProject } from '../../../src/config/project.js';
import { Compiler } from '../../../src/compile/compiler.js';
import type { AnalysisNode } from '../../../src/manifest/types.js';
import { parseProject, type ParsedProject } from '../../../src/parser/parse-project.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

const PROFILES = 'shop:\n  target: dev\n  outputs:\n    dev: { type: duckdb, schema: main }\n';
const SOURCES = 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: events\n';

/** Parse a project made of `files`; `analysisPaths` stands for project.yml's `analysis-paths`. */
function parse(files: Record<string, string>, analysisPaths?: string[]): ParsedProject {
  const projectDir = tempProject({ 'project.yml': 'name: shop\n', 'profiles.yml': PROFILES, ...files });
  const project = loadProject(projectDir);
  if (analysisPaths) project.analysisPaths = analysisPaths;
  const { target } = loadTarget({ projectRoot: projectDir, profilesDir: projectDir, profileName: project.profile });
  return parseProject({ project, target, dialect: createDialect(target.type) });
}

describe('analyses', () => {
  it('parses SQL files under analyses/ into analysis nodes linked to what they ref', () => {
    const parsed = parse({
      'models/orders.sql': 'select 1 as id',
      'models/sources.yml': SOURCES,
      'analyses/reports/orders_per_event.sql':
        "select * from {{ ref('orders') }} join {{ source('raw', 'events') }} using (id)",
    });
    const node = parsed.manifest.nodes.get('analysis.shop.orders_per_event') as AnalysisNode;
    expect(node).toMatchObject({
      resourceType: 'analysis',
      name: 'orders_per_event',
      fqn: ['shop', 'analysis', 'reports', 'orders_per_event'],
      origin: { file: 'analyses/reports/orders_per_event.sql' },
      dependsOn: ['model.shop.orders', 'source.shop.raw.events'],
    });
    expect(parsed.manifest.childMap.get('model.shop.orders')).toEqual(['analysis.shop.orders_per_event']);
    // not ref-able: an analysis is not a relation
    expect(parsed.manifest.refIndex.has('orders_per_event')).toBe(false);
  });

  it('compiles an analysis with its refs and sources resolved', () => {
    const parsed = parse({
      'models/orders.sql': 'select 1 as id',
      'analyses/top_orders.sql': "select id from {{ ref('orders') }} order by id limit 10",
    });
    const sql = new Compiler(parsed).compile(parsed.manifest.nodes.get('analysis.shop.top_orders') as AnalysisNode);
    expect(sql).toBe('select id from "main"."orders" order by id limit 10');
  });

  it('reads the folders of analysis-paths instead of analyses/', () => {
    const files = { 'analysis/a.sql': 'select 1', 'analyses/b.sql': 'select 2' };
    expect([...parse(files, ['analysis']).manifest.nodes.keys()]).toEqual(['analysis.shop.a']);
    expect([...parse(files).manifest.nodes.keys()]).toEqual(['analysis.shop.b']);
  });

  it('leaves out an analysis disabled by its config()', () => {
    const parsed = parse({ 'analyses/off.sql': '{{ config(enabled=false) }}\nselect 1' });
    expect(parsed.manifest.nodes.size).toBe(0);
  });

  it("takes the project's models: config at its fqn (<project>.analysis.<folders>), as dbt does", () => {
    const parsed = parse({
      'project.yml':
        'name: shop\nmodels:\n  shop:\n    +materialized: table\n    +tags: [nightly]\n    +meta: {team: bi}\n',
      'analyses/counts.sql': "{{ config(meta={'owner': 'me'}) }}\nselect 1",
    });
    expect(parsed.manifest.nodes.get('analysis.shop.counts')).toMatchObject({
      tags: ['nightly'],
      config: { materialized: 'table', tags: ['nightly'], extra: { meta: { team: 'bi', owner: 'me' } } },
    });
  });

  it('reports a ref to a missing model at its line, naming the analysis', () => {
    expectStrataError(() => parse({ 'analyses/report.sql': "-- report\nselect * from {{ ref('ordres') }}" }), {
      file: 'analyses/report.sql',
      line: 2,
      message: /Analysis 'report'/,
    });
  });

  it('refuses two analyses of the same name, naming both files', () => {
    expectStrataError(() => parse({ 'analyses/a/report.sql': 'select 1', 'analyses/b/report.sql': 'select 2' }), {
      file: 'analyses/b/report.sql',
      message: 'Two analyses are named "report": analyses/a/report.sql and this file',
    });
  });
});

describe('Python models', () => {
  it('reports each .py file under the model paths once, and makes no node of it', () => {
    const parsed = parse({
      'models/orders.sql': 'select 1 as id',
      'models/ml/churn_score.py': 'def model(dbt, session):\n    return dbt.ref("orders")\n',
      'models/schema.yml': 'version: 2\nmodels:\n  - name: churn_score\n    description: Churn.\n',
    });
    expect([...parsed.manifest.nodes.keys()]).toEqual(['model.shop.orders']);
    expect(parsed.warnings).toEqual([
      'models/ml/churn_score.py: Python models are not supported by Strata; ' +
        '"churn_score" is not a model and nothing is built from this file.',
    ]);
  });
});

describe('a ref to a Python model', () => {
  it('is an error at the ref naming the Python file', () => {
    expectStrataError(
      () =>
        parse({
          'models/ml/churn_score.py': 'def model(dbt, session):\n    return None\n',
          'models/churn_report.sql': "select *\nfrom {{ ref('churn_score') }}",
        }),
      {
        file: 'models/churn_report.sql',
        line: 2,
        message:
          "Model 'churn_report' refers to 'churn_score', a Python model (models/ml/churn_score.py); " +
          'Strata does not run Python models',
        hint: /Rewrite it as a SQL model/,
      },
    );
  });
});

describe('analyses: entries of schema YAML', () => {
  const schema = [
    'version: 2',
    'analyses:',
    '  - name: top_orders',
    '    description: The ten biggest orders.',
    '    config: { tags: [finance] }',
    '    columns:',
    '      - name: id',
    '        description: The order.',
    '        data_tests: [unique]',
    '  - name: gone',
    '    description: No file has this name.',
    '',
  ].join('\n');

  it('documents and configures the analysis of the same name; an entry without a file is a warning', () => {
    const parsed = parse({
      'models/orders.sql': 'select 1 as id',
      'analyses/top_orders.sql': "select id from {{ ref('orders') }}",
      'analyses/schema.yml': schema,
    });
    expect(parsed.manifest.nodes.get('analysis.shop.top_orders')).toMatchObject({
      description: 'The ten biggest orders.',
      tags: ['finance'],
      columns: { id: { name: 'id', description: 'The order.' } },
      patchPath: 'analyses/schema.yml',
    });
    expect(parsed.warnings).toEqual([
      'analyses/schema.yml:7: the tests of column "id" of analysis "top_orders" have no effect: ' +
        'an analysis is never built, so it is never tested.',
      "analyses/schema.yml:10: analysis 'gone' is documented but no analysis file has that name",
    ]);
  });

  it('refuses a data test on an analysis entry itself, naming the closest key', () => {
    expectStrataError(
      () =>
        parse({ 'analyses/a.sql': 'select 1', 'analyses/schema.yml': 'analyses:\n  - name: a\n    data_tests: [x]\n' }),
      { file: 'analyses/schema.yml', line: 3, message: 'Unknown key "data_tests" in analysis "a"' },
    );
  });
});
