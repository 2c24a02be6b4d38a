import { describe, expect, it } from 'vitest';
import { createDialect } from '../../../src/adapters/registry.js';
import { loadTarget } from '../../../src/config/profiles.js';
import { loadProject } from '../../../src/config/project.js';
import type { SourceNode } from '../../../src/manifest/types.js';
import { parseProject, type ParsedProject } from '../../../src/parser/parse-project.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

const PROFILES = 'shop:\n  target: dev\n  outputs:\n    dev: { type: duckdb, schema: main }\n';

function parse(files: Record<string, string>, projectYml = 'name: shop\nprofile: shop\n'): ParsedProject {
  const dir = tempProject({ 'dbt_project.yml': projectYml, 'profiles.yml': PROFILES, ...files });
  const project = loadProject(dir);
  const { target } = loadTarget({ projectRoot: dir, profilesDir: dir, profileName: project.profile });
  return parseProject({ project, target, dialect: createDialect(target.type) });
}

const SOURCES = [
  'version: 2',
  'sources:',
  '  - name: raw',
  '    tables:',
  '      - name: events',
  '        columns:',
  '          - name: id',
  '            description: "{{ doc(\'event_id\') }}"',
].join('\n');

describe('docs blocks while parsing', () => {
  it('are read from docs-paths when it is set, and fill source column descriptions', () => {
    const parsed = parse(
      {
        'docs/events.md': '{% docs event_id %}The id the device gave the event.{% enddocs %}',
        'models/s.yml': SOURCES,
      },
      'name: shop\nprofile: shop\ndocs-paths: ["docs"]\n',
    );
    const source = parsed.manifest.sources.get('source.shop.raw.events') as SourceNode;
    expect(source.columns['id']?.description).toBe('The id the device gave the event.');
    expect(parsed.manifest.docs?.get('doc.shop.event_id')).toMatchObject({
      origin: { file: 'docs/events.md', line: 1 },
      path: 'events.md',
    });
  });

  it('outside docs-paths a block is not found; the error names the line of the description', () => {
    expectStrataError(
      () =>
        parse(
          { 'models/events.md': '{% docs event_id %}x{% enddocs %}', 'models/s.yml': SOURCES },
          'name: shop\nprofile: shop\ndocs-paths: ["docs"]\n',
        ),
      { file: 'models/s.yml', line: 8, message: 'Unknown doc "event_id" in doc(\'event_id\')' },
    );
  });

  it("a test's description is rendered too, and an unknown doc there names its own line", () => {
    const schema = (doc: string) =>
      [
        'version: 2',
        'models:',
        '  - name: orders',
        '    description: Plain.',
        '    columns:',
        '      - name: id',
        '        description: The key.',
        `        data_tests: [{ unique: { description: "{{ doc('${doc}') }}" } }]`,
      ].join('\n');
    const docs = { 'models/docs.md': '{% docs unique_ids %}No id twice.{% enddocs %}' };
    const parsed = parse({ ...docs, 'models/orders.sql': 'select 1 as id', 'models/s.yml': schema('unique_ids') });
    expect(
      parsed.manifest.nodes.get([...parsed.manifest.nodes.keys()].find((id) => id.startsWith('test.'))!),
    ).toMatchObject({ description: 'No id twice.' });
    expectStrataError(
      () => parse({ ...docs, 'models/orders.sql': 'select 1 as id', 'models/s.yml': schema('unique_id') }),
      {
        file: 'models/s.yml',
        line: 8,
        hint: /Did you mean doc\('unique_ids'\)\?/,
      },
    );
  });

  it('a name defined twice is an error naming both places', () => {
    expectStrataError(
      () =>
        parse({
          'models/a.md': '{% docs event_id %}a{% enddocs %}',
          'models/b/b.md': '\n{% docs event_id %}b{% enddocs %}',
        }),
      { file: 'models/b/b.md', line: 2, message: /defined twice: models\/a\.md:1 and here/ },
    );
  });
});
