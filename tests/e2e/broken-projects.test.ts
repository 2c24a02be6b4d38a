import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, strata } from '../support/cli.js';

/**
 * Every folder of tests/fixtures/broken/ is a small project with one mistake in it, and
 * an expected.json saying how Strata must react: the command to run, the exit code, and
 * substrings the output must contain (the file, the line, the problem and the fix).
 */
interface Expected {
  args: string[];
  exitCode: number;
  /** substrings that must all appear in stderr */
  stderr: string[];
  /** substrings that must all appear in stdout (for failures reported in the run summary) */
  stdout?: string[];
}

const BROKEN = resolve(import.meta.dirname, '../fixtures/broken');
const cases = readdirSync(BROKEN, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(BROKEN, entry.name, 'expected.json')))
  .map((entry) => entry.name)
  .sort();

// The cases rely on these being unset; a developer's shell must not change the outcome.
for (const name of ['STRATA_FIXTURE_MISSING', 'STRATA_PROFILES_DIR', 'DBT_PROFILES_DIR', 'STRATA_PROJECT_DIR'])
  delete process.env[name];

describe.concurrent('broken projects: one clear message, the right exit code, no stack trace', () => {
  it('finds the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases)('%s', async (name) => {
    const expected = JSON.parse(readFileSync(join(BROKEN, name, 'expected.json'), 'utf8')) as Expected;
    const dir = copyFixture(`broken/${name}`);
    const result = await strata(expected.args, { cwd: dir });
    const output = `exit ${result.code}\n--- stderr\n${result.stderr}--- stdout\n${result.stdout}`;

    expect(result.code, output).toBe(expected.exitCode);
    for (const text of expected.stderr) expect(result.stderr, output).toContain(text);
    for (const text of expected.stdout ?? []) expect(result.stdout, output).toContain(text);
    for (const stream of [result.stderr, result.stdout]) {
      expect(stream, output).not.toMatch(/^\s{4}at /m);
      expect(stream, output).not.toContain('Internal error');
    }
    if (expected.exitCode === 2) {
      // printed once, by the CLI
      expect(result.stderr.match(/^Error: /gm), output).toHaveLength(1);
    } else {
      expect(result.stderr, output).toBe('');
    }
  });
});
