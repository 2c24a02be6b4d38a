import { describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../../src/config/node-config.js';
import { loadSession } from '../../../src/execution/session.js';
import { configToJson } from '../../../src/manifest/config-json.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

const where = { file: 'models/marts/orders.sql', line: 1 };
const target = (value: unknown) =>
  normalizeConfig([{ freshness_target: value }], { materialized: 'table' }, where).freshnessTarget;

describe('freshness_target config', () => {
  it('reads a duration with a unit, or a number of seconds, as milliseconds', () => {
    expect(target('5s')).toBe(5_000);
    expect(target('2m')).toBe(120_000);
    expect(target('1.5h')).toBe(5_400_000);
    expect(target(30)).toBe(30_000);
    expect(target('30')).toBe(30_000);
  });

  it('names the config and the fix for a value that is not a duration', () => {
    expectStrataError(() => target('soon'), {
      file: where.file,
      line: 1,
      message: 'Invalid freshness_target: "soon" is not a duration',
      hint: /freshness_target: 5s/,
    });
    expectStrataError(() => target('0s'), { message: /"0s" is not a duration/ });
    expectStrataError(() => target(['5s']), { message: /Invalid freshness_target: .* is not a duration/ });
  });

  it('is accepted in a folder block, a schema file and a config() call, the nearest winning', () => {
    const dir = tempProject({
      'project.yml':
        'name: fresh\nversion: "1.0"\nprofile: fresh\nmodel-paths: [models]\n' +
        'models: { fresh: { gold: { +freshness_target: 2m } } }\n',
      'profiles.yml': 'fresh:\n  target: dev\n  outputs:\n    dev: { type: duckdb, path: target/f.duckdb }\n',
      'models/gold/by_folder.sql': 'select 1 as id',
      'models/gold/by_yaml.sql': 'select 1 as id',
      'models/gold/by_call.sql': "{{ config(freshness_target='5s') }}\nselect 1 as id",
      'models/gold/schema.yml': 'version: 2\nmodels:\n  - name: by_yaml\n    config: { freshness_target: 10s }\n',
      'models/plain.sql': 'select 1 as id',
    });
    const nodes = loadSession({ projectDir: dir, profilesDir: dir }).parsed.manifest.nodes;
    const targetOf = (name: string) => nodes.get(`model.fresh.${name}`)?.config.freshnessTarget;
    expect(targetOf('by_folder')).toBe(120_000);
    expect(targetOf('by_yaml')).toBe(10_000);
    expect(targetOf('by_call')).toBe(5_000);
    expect(targetOf('plain')).toBeUndefined();
    // manifest.json keeps it as a duration
    expect(configToJson(nodes.get('model.fresh.by_folder')!.config).freshness_target).toBe('2m');
    expect(configToJson(nodes.get('model.fresh.plain')!.config)).not.toHaveProperty('freshness_target');
  });
});
