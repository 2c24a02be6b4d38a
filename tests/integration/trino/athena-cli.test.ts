import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openAthenaConnection } from '../../../src/adapters/athena/athena-connection.js';
import { AthenaDialect } from '../../../src/adapters/athena/athena-dialect.js';
import { strata } from '../../support/cli.js';
import { athenaTarget, startAthenaStack, type AthenaTestStack } from '../../services/aws/athena-api/test-target.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { awsBehindTrino } from './athena-stack.js';

describeWithService('trino', 'strata on an Athena target (CLI -> Athena API host -> Trino)', (trino) => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-athena-cli-'));
  const schema = `athena_cli_${randomUUID().slice(0, 8)}`;
  const saved = { ...process.env };
  let stack: AthenaTestStack;

  beforeAll(async () => {
    stack = await startAthenaStack(trino, awsBehindTrino(), `athena-cli-${randomUUID().slice(0, 8)}`);
    Object.assign(process.env, stack.env);
  });
  afterAll(async () => {
    await stack?.host.close();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    "fails a model with Athena's reason, the model's file, " + 'and the line and column, without a stack trace',
    async () => {
      const project = writeProject('bad', {
        'models/bad_model.sql': "{{ config(materialized='table') }}\nselect 1 as id,\n       no_such_column\n",
      });
      const result = await strata(['run'], { cwd: project, env: stack.env });
      expect(result.code).toBe(1);
      // Athena counts lines in the statement sent (the CTAS adds two above the model's select);
      // the message also names the model file's own line
      expect(result.stdout).toMatch(
        new RegExp(
          'Runtime Error in model bad_model \\(models/bad_model\\.sql\\)\\n' +
            ".*COLUMN_NOT_FOUND: line 5:8: Column 'no_such_column' cannot be resolved",
        ),
      );
      expect(result.stdout).toMatch(/at models\/bad_model\.sql:3:8:\n.* {7}no_such_column\n.* {7}\^/);
      expect(result.stdout).toContain('the failing statement is in target/run/bad/models/bad_model.sql');
      expect(result.stdout + result.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
    },
  );

  it(
    'stops a run on Ctrl-C: ' + 'the query is stopped (StopQueryExecution), nothing half-built stays, exit 130',
    async () => {
      const project = writeProject('slow', {
        'models/forever.sql':
          "{{ config(materialized='table') }}\n" +
          'select count(*) as n from unnest(sequence(1, 10000)) a(x) cross join unnest(sequence(1, 10000)) b(y) ' +
          'cross join unnest(sequence(1, 10000)) c(z)\n',
      });
      const stopsBefore = stack.host.calls['StopQueryExecution'] ?? 0;
      const started = Date.now();
      const result = await strata(['run'], {
        cwd: project,
        env: stack.env,
        onSpawn: (kill, stdout) => {
          const poll = setInterval(() => {
            if (!stdout().includes('START sql table model')) return;
            clearInterval(poll);
            setTimeout(() => kill('SIGINT'), 1500);
          }, 50);
        },
      });
      expect(result.code, result.stdout + result.stderr).toBe(130);
      expect(result.stdout).toMatch(/Cancelling/);
      expect(Date.now() - started).toBeLessThan(60_000);
      expect((stack.host.calls['StopQueryExecution'] ?? 0) - stopsBefore).toBeGreaterThanOrEqual(1);
      const ctas = stack.host
        .executions()
        .filter((e) => e.sql.startsWith('CREATE TABLE') && e.sql.includes('"forever"'));
      expect(ctas.map((e) => e.state)).toEqual(['CANCELLED']);
      const connection = await openAthenaConnection(athenaTarget(stack, schema), new AthenaDialect());
      try {
        expect((await connection.listRelations(schema)).filter((r) => r.identifier.startsWith('forever'))).toEqual([]);
      } finally {
        await connection.close();
      }
    },
  );

  /** A one-model project on the stack, in the test's schema. */
  function writeProject(name: string, files: Record<string, string>): string {
    const project = join(dir, name);
    mkdirSync(join(project, 'models'), { recursive: true });
    writeFileSync(join(project, 'project.yml'), `name: ${name}\nversion: "1.0"\nprofile: ${name}\n`);
    const settings = { type: 'athena', ...stack.settings, schema, threads: 1 };
    const lines = Object.entries(settings).map(([key, value]) => `      ${key}: "${String(value)}"`);
    writeFileSync(join(project, 'profiles.yml'), `${name}:\n  target: ci\n  outputs:\n    ci:\n${lines.join('\n')}\n`);
    for (const [path, text] of Object.entries(files)) writeFileSync(join(project, path), text);
    return project;
  }
});
