import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, strata } from '../support/cli.js';

/** A folder with one file in it, as a build leaves behind. */
function filled(dir: string, folder: string): string {
  const path = join(dir, folder);
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'file.txt'), 'x');
  return path;
}

describe('strata clean', () => {
  it('removes the target folder by default, as dbt clean, and prints what it removed', async () => {
    const dir = copyFixture('basic');
    const target = filled(dir, 'target');
    const packages = filled(dir, 'dbt_packages');
    const result = await strata(['clean'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Cleaned ${target}/*`);
    expect(result.stdout).toContain('Finished cleaning all paths.');
    expect(existsSync(target)).toBe(false);
    expect(existsSync(packages)).toBe(true);
  });

  it('removes every folder of clean-targets', async () => {
    const dir = copyFixture('basic');
    appendFileSync(join(dir, 'project.yml'), 'clean-targets: ["target", "dbt_packages", "logs"]\n');
    const folders = ['target', 'dbt_packages'].map((folder) => filled(dir, folder));
    const result = await strata(['clean'], { cwd: dir });
    expect(result.code).toBe(0);
    // a listed folder that does not exist is no error
    expect(result.stdout).toContain(`Cleaned ${join(dir, 'logs')}/*`);
    for (const folder of folders) expect(existsSync(folder)).toBe(false);
    expect(existsSync(join(dir, 'models'))).toBe(true);
  });

  it('refuses a source folder, at its line, and removes nothing', async () => {
    const dir = copyFixture('basic');
    appendFileSync(join(dir, 'project.yml'), 'clean-targets:\n  - target\n  - models\n');
    const target = filled(dir, 'target');
    const result = await strata(['clean'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('strata clean will not remove "models": it is or holds models/');
    expect(result.stderr).toMatch(/project\.yml:1\d/);
    expect(existsSync(join(dir, 'models/marts/customer_revenue.sql'))).toBe(true);
    expect(existsSync(target)).toBe(true);
  });

  it('refuses a folder outside the project unless --no-clean-project-files-only', async () => {
    const dir = copyFixture('basic');
    const outside = filled(dirname(dir), `${basename(dir)}-outside`);
    appendFileSync(join(dir, 'project.yml'), `clean-targets: ["../${basename(outside)}"]\n`);
    const refused = await strata(['clean'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is outside the project');
    expect(refused.stderr).toContain('--no-clean-project-files-only');
    expect(existsSync(outside)).toBe(true);

    const allowed = await strata(['clean', '--no-clean-project-files-only'], { cwd: dir });
    expect(allowed.code).toBe(0);
    expect(existsSync(outside)).toBe(false);
  });
});
