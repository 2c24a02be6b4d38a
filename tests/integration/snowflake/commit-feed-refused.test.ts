/**
 * `incremental_strategy: commit_feed` on a warehouse that can neither read lake files in place
 * nor restrict a source table to files (Snowflake): the model fails with an error naming its
 * file and what to use instead, and nothing is built.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { snowflakeTargetEnv } from '../../services/snowflake/snowflake-client.js';
import { strata } from '../../support/cli.js';

describeWithService('snowflake', 'commit_feed on Snowflake', (service) => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-feed-refused-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a commit-fed model, naming the model file and the targets that run it', async () => {
    const schema = `feed_refused_${randomUUID().slice(0, 8)}`;
    mkdirSync(join(dir, 'models'), { recursive: true });
    writeFileSync(join(dir, 'project.yml'), 'name: refused\nversion: "1.0"\nprofile: refused\nmodel-paths: [models]\n');
    const settings = ['ACCOUNT', 'USER', 'PASSWORD', 'DATABASE', 'HOST', 'PORT', 'PROTOCOL'].map(
      (key) => `      ${key.toLowerCase()}: "{{ env_var('STRATA_SNOWFLAKE_${key}') }}"`,
    );
    writeFileSync(
      join(dir, 'profiles.yml'),
      `refused:\n  target: ci\n  outputs:\n    ci:\n      type: snowflake\n      schema: ${schema}\n` +
        `${settings.join('\n')}\n`,
    );
    writeFileSync(
      join(dir, 'models/sources.yml'),
      'version: 2\nsources:\n  - name: bronze\n    tables:\n      - name: events\n' +
        '        external: { location: "s3://lake/bronze/events", format: jsonl, partitions: [dt, hour] }\n',
    );
    writeFileSync(
      join(dir, 'models/events.sql'),
      "{{ config(materialized='incremental', incremental_strategy='commit_feed') }}\n" +
        "select payload from {{ source('bronze', 'events') }}\n",
    );
    const result = await strata(['run'], { cwd: dir, env: snowflakeTargetEnv(service) });
    const output = result.stdout + result.stderr;
    expect(result.code, output).not.toBe(0);
    expect(output).toContain('models/events.sql');
    expect(output).toContain(
      'Commit-fed model events: snowflake can read neither lake files in place nor a source table restricted to files',
    );
    expect(output).toContain('runs on DuckDB over a local lake and on Athena over a lake on S3');
    expect(output).not.toMatch(/Internal error|\n\s+at /);
  });
});
