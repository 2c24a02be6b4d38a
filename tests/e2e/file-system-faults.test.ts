import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.js';
import { strata, type CliResult } from '../support/cli.js';

/**
 * What the user's disk can do to a run: a read-only database file or folder, `target/`
 * being a file, an artifact path being a folder, a full disk under the artifacts or the
 * lake, a lake folder strata may not write. Each is one clear message naming the path and
 * the fix, never `Internal error` and a stack trace. The faults are real: file modes
 * (checked as an unprivileged user, since root ignores them) and small tmpfs mounts.
 */
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/** Run the CLI as a user the file modes apply to: this one, or `nobody` when running as root. */
function strataUnprivileged(args: string[], cwd: string): Promise<CliResult> {
  return strata(args, { cwd, env: { HOME: cwd }, ...(isRoot ? { uid: NOBODY } : {}) });
}

/** A one-model DuckDB project whose database is `databasePath`, open to every user (modes are set per test). */
function project(
  models: Record<string, string> = { 'orders.sql': 'select 1 as id\n' },
  databasePath = 'data/warehouse.duckdb',
): string {
  const dir = tempDir('strata-fs-faults-');
  mkdirSync(join(dir, 'models'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'project.yml'), 'name: p\nprofile: p\n');
  writeFileSync(
    join(dir, 'profiles.yml'),
    'p:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n' +
      `      path: ${databasePath}\n      schema: main\n      threads: 1\n`,
  );
  for (const [name, sql] of Object.entries(models)) writeFileSync(join(dir, 'models', name), sql);
  openToEveryone(dir);
  return dir;
}

function openToEveryone(path: string): void {
  chmodSync(path, statSync(path).isDirectory() ? 0o777 : 0o666);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) openToEveryone(join(path, entry));
}

function expectOneClearError(result: CliResult, ...expected: string[]): void {
  const output = `exit ${result.code}\n--- stderr\n${result.stderr}--- stdout\n${result.stdout}`;
  expect(result.code, output).toBe(2);
  expect(result.stderr.match(/^Error: /gm), output).toHaveLength(1);
  for (const text of expected) expect(result.stderr, output).toContain(text);
  expectNoStack(result);
}

function expectNoStack(result: CliResult): void {
  for (const stream of [result.stderr, result.stdout]) {
    expect(stream).not.toContain('Internal error');
    expect(stream).not.toMatch(/^\s{4}at /m);
  }
}

describe('file-system faults: one clear message naming the path and the fix', () => {
  it('a read-only DuckDB file', async () => {
    const dir = project();
    expect((await strataUnprivileged(['run'], dir)).code).toBe(0);
    chmodSync(join(dir, 'data/warehouse.duckdb'), 0o444);
    const result = await strataUnprivileged(['run'], dir);
    expectOneClearError(
      result,
      `Cannot open DuckDB database ${join(dir, 'data/warehouse.duckdb')}`,
      'Permission denied',
      'must be writable by the user running strata',
    );
  });

  it('a read-only database folder (DuckDB cannot write its .wal beside the file)', async () => {
    const dir = project();
    expect((await strataUnprivileged(['run'], dir)).code).toBe(0);
    chmodSync(join(dir, 'data'), 0o555);
    const result = await strataUnprivileged(['run'], dir);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toContain('Runtime Error in model orders (models/orders.sql)');
    expect(result.stdout).toMatch(/warehouse\.duckdb\.wal.*Permission denied/);
    expect(result.stdout).toContain('DuckDB writes a .wal file beside it');
    expectNoStack(result);
  });

  it('a read-only target folder', async () => {
    const dir = project();
    mkdirSync(join(dir, 'target'), { mode: 0o555 });
    chmodSync(join(dir, 'target'), 0o555);
    const result = await strataUnprivileged(['run'], dir);
    expectOneClearError(
      result,
      `${join(dir, 'target')}`,
      'permission denied (EACCES)',
      'Give the user running strata write access',
    );
  });

  it('target/ is a file', async () => {
    const dir = project();
    writeFileSync(join(dir, 'target'), 'not a folder\n');
    openToEveryone(dir);
    const result = await strataUnprivileged(['run'], dir);
    expectOneClearError(
      result,
      `Cannot create the folder ${join(dir, 'target')}`,
      `Remove or rename the file ${join(dir, 'target')}`,
    );
  });

  it('target/manifest.json is a folder: the results are shown, then the artifact error', async () => {
    const dir = project();
    mkdirSync(join(dir, 'target/manifest.json'), { recursive: true });
    openToEveryone(dir);
    const result = await strataUnprivileged(['run'], dir);
    expectOneClearError(
      result,
      `Cannot write ${join(dir, 'target/manifest.json')}: a folder is where a file should be (EISDIR)`,
      `Remove or rename the folder ${join(dir, 'target/manifest.json')}`,
    );
    expect(result.stdout).toContain('Done. PASS=1 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=1');
  });

  it("a model's compiled SQL path is a folder", async () => {
    const dir = project();
    mkdirSync(join(dir, 'target/compiled/p/models/orders.sql'), { recursive: true });
    openToEveryone(dir);
    const result = await strataUnprivileged(['run'], dir);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toContain(
      `Cannot write ${join(dir, 'target/compiled/p/models/orders.sql')}: a folder is where a file should be (EISDIR)`,
    );
    expectNoStack(result);
  });

  it('a lake folder strata may not write', async () => {
    const dir = project({
      'events.sql': "{{ config(materialized='table', location='lake/events') }}\nselect 1 as id\n",
    });
    mkdirSync(join(dir, 'lake'), { mode: 0o555 });
    chmodSync(join(dir, 'lake'), 0o555);
    const result = await strataUnprivileged(['run'], dir);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toContain('Runtime Error in model events (models/events.sql)');
    expect(result.stdout).toMatch(/lake.*(permission denied|Permission denied)/);
    expectNoStack(result);
  });
});

/** Whether this process may mount a tmpfs (root in a container that allows it). */
function canMountTmpfs(): boolean {
  if (!isRoot) return false;
  const probe = tempDir('strata-tmpfs-probe-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.runIf(canMountTmpfs())('a full disk (a small tmpfs mounted under the project)', () => {
  const mounted: string[] = [];
  const mountFull = (path: string, size: string) => {
    mkdirSync(path, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0777`, 'tmpfs', path]);
    mounted.push(path);
  };
  afterEach(() => {
    for (const path of mounted.splice(0)) execFileSync('umount', [path]);
  });

  it('while writing the artifacts (target/ on a 4 KB disk)', async () => {
    const dir = project();
    mountFull(join(dir, 'target'), '4k');
    const result = await strataUnprivileged(['run'], dir);
    expectOneClearError(
      result,
      join(dir, 'target'),
      'no space left on the device (ENOSPC)',
      'Free some space on that disk',
    );
  });

  it('while writing the lake (lake/ on a 64 KB disk)', async () => {
    const dir = project({
      'events.sql':
        "{{ config(materialized='table', location='lake/events') }}\n" +
        'select i, md5(i::varchar) as h from range(200000) t(i)\n',
    });
    mountFull(join(dir, 'lake'), '64k');
    const result = await strataUnprivileged(['run'], dir);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toContain('Runtime Error in model events (models/events.sql)');
    expect(result.stdout).toContain('No space left on device');
    expect(result.stdout).toContain('The disk is full: free some space on it and run again.');
    expectNoStack(result);
  });
});
