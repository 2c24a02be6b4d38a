/** `strata generate --format`: the flag's mistakes each get one clear error (exit 2), before anything is produced. */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { strata } from '../support/cli.js';

const cwd = mkdtempSync(join(tmpdir(), 'strata-generate-format-'));
/** No registry in the environment; a broker address nothing listens on (never reached). */
const run = (args: string[]) => strata(['generate', ...args], { cwd, env: { SCHEMA_REGISTRY_URL: '' } });

describe('strata generate --format', () => {
  it('needs a Schema Registry for avro and protobuf', async () => {
    const result = await run(['--kafka', '127.0.0.1:1', '--format', 'protobuf']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--format protobuf needs a Schema Registry to register the schemas in');
    expect(result.stderr).toContain('--schema-registry <url> (or set SCHEMA_REGISTRY_URL)');
  });

  it('names an unreachable registry, and writes no tally', async () => {
    const result = await run(['--kafka', '127.0.0.1:1', '--format', 'avro', '--schema-registry', 'http://127.0.0.1:1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('registering the avro schemas in http://127.0.0.1:1 failed');
    expect(result.stderr).not.toContain('    at ');
    expect(existsSync(join(cwd, 'target/generator-tally.json'))).toBe(false);
  });

  it('refuses an unknown format, and a format without --kafka', async () => {
    const unknown = await run(['--kafka', '127.0.0.1:1', '--format', 'xml']);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([
      2,
      "Error: --format must be json, avro or protobuf, got 'xml'",
    ]);
    const lake = await run(['--format', 'avro']);
    expect([lake.code, lake.stderr.trim()]).toEqual([2, 'Error: --format applies only with --kafka']);
  });
});
