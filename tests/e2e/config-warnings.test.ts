import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, queryDuckDb, strata } from '../support/cli.js';

/**
 * dbt settings Strata does not act on yet (in profiles.yml, project.yml, a schema file's
 * `config:` and a `config()` call), and a project.yml folder block no file is under, are
 * named once each, where they are written, and the build goes on.
 */
describe('dbt settings without an effect', () => {
  it('warns exactly once per key, at its file and line, and still builds', async () => {
    const dir = copyFixture('broken/dbt-settings-warn');
    const result = await strata(['build'], { cwd: dir });

    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const warnings = result.stdout.split('\n').filter((line) => line.includes('[WARNING]'));
    const places = warnings.map((line) => /\[WARNING\]: (\S+:\d+): "([^"]+)"/.exec(line)?.slice(1, 3).join(' '));
    expect(places.sort()).toEqual([
      'models/orders.sql:1 sql_header',
      'models/schema.yml:5 group',
      'profiles.yml:8 extensions',
      'profiles.yml:9 config_options',
      'project.yml:5 +persist_docs',
      'project.yml:7 models.broken.stagin',
    ]);
    for (const line of warnings) expect(line).toMatch(/has no effect\.|applies to nothing\./);
    expect(await queryDuckDb(join(dir, 'target/x.duckdb'), 'select count(*)::int as n from main.customers')).toEqual([
      { n: 1 },
    ]);
  });
});
