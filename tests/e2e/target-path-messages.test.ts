import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { copyFixture, strata } from '../support/cli.js';

it('points a failing test at its compiled SQL under --target-path, where it was written', async () => {
  const dir = copyFixture('conformance');
  for (const command of [['seed'], ['run', '--vars', '{batch: 2}']]) {
    const result = await strata([...command, '--target-path', 'out'], { cwd: dir });
    expect(result.code, result.stdout + result.stderr).toBe(0);
  }
  const failing = await strata(['test', '--select', 'fails_unique', '--target-path', 'out'], { cwd: dir });
  expect(failing.code, failing.stdout + failing.stderr).toBe(1);
  const shown = /compiled code at (\S+)/.exec(failing.stdout)?.[1];
  expect(shown).toBe('out/compiled/conformance/models/marts/_marts.yml/fails_unique.sql');
  expect(existsSync(join(dir, shown!))).toBe(true);
});
