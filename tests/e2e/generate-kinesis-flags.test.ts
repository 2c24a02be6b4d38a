/** `strata generate --kinesis`: its mistakes each get one clear error (exit 2), before anything is put. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { strata } from '../support/cli.js';

const cwd = mkdtempSync(join(tmpdir(), 'strata-generate-kinesis-'));
const run = (args: string[]) => strata(['generate', ...args], { cwd });
const lastLine = (text: string) => text.trim().split('\n').at(-1);

describe('strata generate --kinesis', () => {
  it('refuses the Kafka producer flags, --kafka and --lake beside it, and an endpoint that is no URL', async () => {
    const acks = await run(['--kinesis', '--acks', '1']);
    expect([acks.code, lastLine(acks.stderr)]).toEqual([2, 'Error: --acks applies only with --kafka']);
    const both = await run(['--kinesis', '--kafka', '127.0.0.1:1']);
    expect([both.code, lastLine(both.stderr)]).toEqual([2, 'Error: --kafka and --kinesis exclude each other']);
    const lake = await run(['--kinesis', '--lake', 'lake']);
    expect(lake.code).toBe(2);
    expect(lake.stderr).toContain('--lake and --kinesis exclude each other');
    const endpoint = await run(['--kinesis', 'localhost:4566']);
    expect(endpoint.code).toBe(2);
    expect(endpoint.stderr).toContain("--kinesis takes an endpoint URL, got 'localhost:4566'");
  });

  it('names an unreachable endpoint, without a stack trace', async () => {
    const result = await strata(['generate', '--kinesis', 'http://127.0.0.1:1', '--count', '10'], {
      cwd,
      env: { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('describing stream users failed');
    expect(result.stderr).not.toContain('    at ');
  });
});
