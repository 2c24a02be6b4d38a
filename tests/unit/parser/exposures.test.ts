import { describe, expect, it } from 'vitest';
import { createDialect } from '../../../src/adapters/registry.js';
import { manifestToJson } from '../../../src/artifacts/manifest-json.js';
import { loadTarget } from '../../../src/config/profiles.js';
import { loadProject } from '../../../src/config/project.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGraph } from '../../../src/graph/build-graph.js';
import { matchesState } from '../../../src/graph/state-compare.js';
import { loadPreviousState } from '../../../src/graph/state.js';
import { tempDir } from '../../support/temp-dir.js';
import { selectNodes } from '../../../src/graph/select.js';
import { parseProject, type ParsedProject } from '../../../src/parser/parse-project.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

const PROFILES = 'shop:\n  target: dev\n  outputs:\n    dev: { type: duckdb, schema: main }\n';
const MODELS = {
  'models/orders.sql': 'select 1 as id',
  'models/marts/revenue.sql': "select * from {{ ref('orders') }} join {{ source('raw', 'events') }} using (id)",
  'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: events\n',
  'models/docs.md': '{% docs revenue_board %}Revenue per day, for finance.{% enddocs %}\n',
};
const EXPOSURE = [
  'version: 2',
  'exposures:',
  '  - name: revenue_board',
  '    label: Revenue board',
  '    type: dashboard',
  '    maturity: high',
  '    url: https://metabase.example.com/dashboard/7',
  `    description: "{{ doc('revenue_board') }}"`,
  '    owner: { name: Finance, email: finance@example.com }',
  '    depends_on:',
  "      - ref('revenue')",
  "      - source('raw', 'events')",
  '    tags: [bi]',
  '    meta: { team: finance }',
  '    config:',
  '      tags: [weekly]',
  '      meta: { tier: 1 }',
];

function parse(files: Record<string, string>): ParsedProject {
  const projectDir = tempProject({ 'project.yml': 'name: shop\n', 'profiles.yml': PROFILES, ...MODELS, ...files });
  const project = loadProject(projectDir);
  const { target } = loadTarget({ projectRoot: projectDir, profilesDir: projectDir, profileName: project.profile });
  return parseProject({ project, target, dialect: createDialect(target.type) });
}

const yaml = (lines: string[]) => `${lines.join('\n')}\n`;

describe('exposures', () => {
  it('parses an exposure with its owner, url and the nodes it reads, as a sink of the graph', () => {
    const parsed = parse({ 'models/marts/exposures.yml': yaml(EXPOSURE) });
    const exposure = parsed.manifest.exposures?.get('exposure.shop.revenue_board');
    expect(exposure).toMatchObject({
      resourceType: 'exposure',
      fqn: ['shop', 'marts', 'revenue_board'],
      origin: { file: 'models/marts/exposures.yml', line: 3 },
      label: 'Revenue board',
      exposureType: 'dashboard',
      maturity: 'high',
      url: 'https://metabase.example.com/dashboard/7',
      description: 'Revenue per day, for finance.',
      owner: { name: 'Finance', email: 'finance@example.com' },
      tags: ['bi', 'weekly'],
      meta: { team: 'finance', tier: 1 },
      dependsOn: ['model.shop.revenue', 'source.shop.raw.events'],
    });
    expect(parsed.manifest.parentMap.get('exposure.shop.revenue_board')).toEqual(exposure!.dependsOn);
    expect(parsed.manifest.childMap.get('model.shop.revenue')).toEqual(['exposure.shop.revenue_board']);
    expect(parsed.manifest.childMap.get('exposure.shop.revenue_board')).toEqual([]);
  });

  it('writes exposures to manifest.json as dbt does, with their edges in parent_map and child_map', () => {
    const parsed = parse({ 'models/marts/exposures.yml': yaml(EXPOSURE) });
    const json = manifestToJson(parsed.manifest, {
      adapterType: 'duckdb',
      strataVersion: '0.0.0',
      generatedAt: '2026-01-01T00:00:00Z',
      invocationId: 'x',
    }) as Record<string, Record<string, Record<string, unknown>>>;
    expect(json.exposures!['exposure.shop.revenue_board']).toMatchObject({
      name: 'revenue_board',
      resource_type: 'exposure',
      package_name: 'shop',
      path: 'marts/exposures.yml',
      original_file_path: 'models/marts/exposures.yml',
      unique_id: 'exposure.shop.revenue_board',
      type: 'dashboard',
      owner: { name: 'Finance', email: 'finance@example.com' },
      maturity: 'high',
      label: 'Revenue board',
      config: { enabled: true, tags: ['bi', 'weekly'], meta: { team: 'finance', tier: 1 } },
      depends_on: { macros: [], nodes: ['model.shop.revenue', 'source.shop.raw.events'] },
      refs: [{ name: 'revenue', package: null, version: null }],
      sources: [['raw', 'events']],
      metrics: [],
    });
    expect(json.parent_map!['exposure.shop.revenue_board']).toEqual(['model.shop.revenue', 'source.shop.raw.events']);
    expect(json.child_map!['model.shop.revenue']).toEqual(['exposure.shop.revenue_board']);
  });

  it('selects an exposure by exposure:<name>, and +exposure:<name> adds everything upstream', () => {
    const { manifest } = parse({ 'models/marts/exposures.yml': yaml(EXPOSURE) });
    const graph = buildGraph(manifest);
    const select = (selector: string, resourceTypes?: Array<'model' | 'exposure' | 'source'>) =>
      [...selectNodes(manifest, graph, { select: [selector], resourceTypes }).selected].sort();
    expect(select('exposure:revenue_board')).toEqual(['exposure.shop.revenue_board']);
    expect(select('exposure:shop.revenue_*')).toEqual(['exposure.shop.revenue_board']);
    expect(select('+exposure:revenue_board')).toEqual([
      'exposure.shop.revenue_board',
      'model.shop.orders',
      'model.shop.revenue',
      'source.shop.raw.events',
    ]);
    // what `strata run -s +exposure:x` builds: the models upstream
    expect(select('+exposure:revenue_board', ['model'])).toEqual(['model.shop.orders', 'model.shop.revenue']);
    expect(select('resource_type:exposure')).toEqual(['exposure.shop.revenue_board']);
  });

  it('compares an exposure with the previous manifest for state:modified', () => {
    const previous = parse({ 'models/exposures.yml': yaml(EXPOSURE) });
    const stateDir = tempDir('strata-exposure-state-');
    const meta = { adapterType: 'duckdb', strataVersion: '0', generatedAt: '2026-01-01T00:00:00Z', invocationId: 'x' };
    writeFileSync(join(stateDir, 'manifest.json'), JSON.stringify(manifestToJson(previous.manifest, meta)));
    const state = loadPreviousState(stateDir);
    const modified = (lines: string[], selector: 'modified' | 'modified.body' | 'modified.configs') =>
      matchesState(
        parse({ 'models/exposures.yml': yaml(lines) }).manifest.exposures!.get('exposure.shop.revenue_board')!,
        state,
        selector,
      );
    expect(modified(EXPOSURE, 'modified')).toBe(false);
    const moved = EXPOSURE.map((line) => line.replace('dashboard/7', 'dashboard/8'));
    expect(modified(moved, 'modified.body')).toBe(true);
    const retagged = EXPOSURE.map((line) => line.replace('[weekly]', '[daily]'));
    expect(modified(retagged, 'modified.configs')).toBe(true);
    expect(modified(retagged, 'modified.body')).toBe(false);
  });

  it('leaves out a disabled exposure and warns about a metric it cannot record', () => {
    const off = EXPOSURE.map((line) => (line === '      tags: [weekly]' ? '      enabled: false' : line));
    expect(parse({ 'models/exposures.yml': yaml(off) }).manifest.exposures).toBeUndefined();
    const withMetric = [...EXPOSURE.slice(0, 12), "      - metric('revenue')", ...EXPOSURE.slice(12)];
    const parsed = parse({ 'models/exposures.yml': yaml(withMetric) });
    expect(parsed.manifest.exposures?.get('exposure.shop.revenue_board')?.dependsOn).toHaveLength(2);
    expect(parsed.warnings).toContainEqual(expect.stringMatching(/^models\/exposures\.yml:13: .*no metrics/));
  });

  it("applies the project's exposures: block by folder and name: its tags and meta under the entry's own", () => {
    const block = (lines: string[]) => ({ 'project.yml': yaml(['name: shop', 'exposures:', '  shop:', ...lines]) });
    const parsed = parse({
      ...block(['    +tags: [bi]', '    +meta: { team: ops, owner: data }', '    marts:', '      +meta: { tier: 3 }']),
      'models/marts/exposures.yml': yaml(EXPOSURE),
    });
    expect(parsed.warnings.filter((warning) => warning.includes('exposures'))).toEqual([]);
    expect(parsed.manifest.exposures?.get('exposure.shop.revenue_board')).toMatchObject({
      tags: ['bi', 'weekly'],
      // the entry's meta keys win over the block's
      meta: { team: 'finance', owner: 'data', tier: 1 },
    });
    // `+enabled: false` switches the exposure off unless its own config says otherwise
    const off = block(['    marts:', '      revenue_board:', '        +enabled: false']);
    expect(parse({ ...off, 'models/marts/exposures.yml': yaml(EXPOSURE) }).manifest.exposures).toBeUndefined();
    const kept = EXPOSURE.map((line) => (line === '      tags: [weekly]' ? '      enabled: true' : line));
    expect(parse({ ...off, 'models/marts/exposures.yml': yaml(kept) }).manifest.exposures?.size).toBe(1);
    // a key dbt does not accept for exposures is an error naming the block, as in the unit_tests: block
    expectStrataError(() => parse({ ...block(['    +materialized: table']), 'models/exposures.yml': yaml(EXPOSURE) }), {
      file: 'project.yml',
      message: /Unknown config key "\+materialized" in "exposures\.shop"/,
    });
  });

  it('reports a ref to an unknown model, naming the exposure and the closest model', () => {
    const typo = EXPOSURE.map((line) => line.replace("ref('revenue')", "ref('revenu')"));
    expectStrataError(() => parse({ 'models/exposures.yml': yaml(typo) }), {
      file: 'models/exposures.yml',
      line: 3,
      message: /Exposure 'revenue_board' refers to 'revenu'/,
      hint: /ref\('revenue'\)/,
    });
  });

  it.each([
    ['an unknown type', ['    type: dashbord'], 5, /"dashbord" is not an exposure type/, /dashboard/],
    ['an unknown maturity', ['    maturity: hgh'], 6, /"hgh" is not an exposure maturity/, /high/],
    ['a missing owner', [], 3, /has no "owner:"/, /name:.*email:/],
    ['a name with spaces', ['  - name: revenue board'], 3, /letters, digits and underscores/, /revenue_board/],
    ['a depends_on that is no ref', ["      - 'revenue'"], 11, /not a ref or a source/, /ref\('model_name'\)/],
  ])('reports %s at its line with the fix', (_what, replace, line, message, hint) => {
    const starts = ['    type:', '    maturity:', '    owner:', '  - name:', "      - ref('revenue')"];
    const lines = EXPOSURE.flatMap((text) => {
      const key = starts.find((start) => text.startsWith(start));
      if (key === undefined) return [text];
      const replacement = replace.find((other) => other.startsWith(key.slice(0, 8)));
      return key === '    owner:' && replace.length === 0 ? [] : [replacement ?? text];
    });
    expectStrataError(() => parse({ 'models/exposures.yml': yaml(lines) }), {
      file: 'models/exposures.yml',
      line,
      message,
      hint,
    });
  });

  it('reports an exposure declared in two files', () => {
    expectStrataError(() => parse({ 'models/a.yml': yaml(EXPOSURE), 'models/b.yml': yaml(EXPOSURE) }), {
      file: 'models/b.yml',
      line: 3,
      message: /declared twice \(first in models\/a\.yml\)/,
    });
  });
});
