/**
 * dbt_project.yml's `unit_tests:` and `sources:` blocks, by resource path: enabled, tags and
 * meta of unit tests and source tables, and a source table's freshness and loaded_at_field,
 * with the node's own YAML winning over them (tests/fixtures/unit-tests).
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, strata } from '../support/cli.js';

let dir: string;

beforeAll(() => {
  dir = copyFixture('unit-tests');
  appendFileSync(
    join(dir, 'dbt_project.yml'),
    [
      'unit_tests:',
      '  unit_shop:',
      '    order_facts:',
      '      +tags: [from_project]',
      '      +meta: { owner: finance }',
      '      fails_with_wrong_country:',
      '        +enabled: false',
      '      # its YAML switches it off: the project cannot switch it on',
      '      switched_off:',
      '        +enabled: true',
      'sources:',
      '  unit_shop:',
      '    shop:',
      '      +tags: [raw]',
      '      +loaded_at_field: ordered_at',
      '      +freshness: { warn_after: { count: 6, period: hour } }',
      '      +quoting: { identifier: true }',
      '',
    ].join('\n'),
  );
});

const run = (...args: string[]) => strata(args, { cwd: dir, env: { ORDER_LABEL: '' } });

describe("dbt_project.yml's unit_tests: and sources: blocks", () => {
  it('tags, describes and switches off unit tests by resource path; their YAML wins', async () => {
    const tagged = await run('ls', '--select', 'tag:from_project', '--output', 'name');
    expect(tagged.code).toBe(0);
    expect(tagged.stdout.trim().split('\n').sort()).toEqual([
      'applies_overrides',
      'passes_paid_orders_dict',
      'reads_fixture_files',
    ]);
    const parsed = await run('parse');
    // the warning for a dbt key without effect, at its line
    expect(parsed.stdout + parsed.stderr).toMatch(/dbt_project\.yml:\d+: "\+quoting" in "sources\.unit_shop\.shop"/);
    const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8')) as {
      unit_tests: Record<string, { config: { tags: string[]; meta: Record<string, unknown> } }>;
      sources: Record<string, { tags: string[]; loaded_at_field: string; freshness: unknown }>;
    };
    const test = manifest.unit_tests['unit_test.unit_shop.order_facts.reads_fixture_files']!;
    expect(test.config).toMatchObject({ tags: ['from_project', 'passing'], meta: { owner: 'finance' } });
    expect(Object.keys(manifest.unit_tests)).not.toContain('unit_test.unit_shop.order_facts.fails_with_wrong_country');
    expect(Object.keys(manifest.unit_tests)).not.toContain('unit_test.unit_shop.order_facts.switched_off');

    const source = manifest.sources['source.unit_shop.shop.orders']!;
    expect(source.tags).toEqual(['raw']);
    expect(source.loaded_at_field).toBe('ordered_at');
    expect(source.freshness).toEqual({
      warn_after: { count: 6, period: 'hour' },
      error_after: { count: null, period: null },
      filter: null,
    });
  });

  it('switches source tables off by resource path, a deeper level winning', async () => {
    const project = copyFixture('freshness');
    appendFileSync(
      join(project, 'dbt_project.yml'),
      ['sources:', '  raw:', '    +enabled: false', '    fresh_orders:', '      +enabled: true', ''].join('\n'),
    );
    const listed = await strata(['ls', '--resource-type', 'source', '--output', 'name'], { cwd: project });
    expect(listed.code).toBe(0);
    expect(listed.stdout.trim().split('\n').sort()).toEqual(['events', 'fresh_orders']);
  });
});
