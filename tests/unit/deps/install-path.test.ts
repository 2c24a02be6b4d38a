import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../src/config/project.js';
import { packagesInstallPath } from '../../../src/deps/install-path.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

describe('packagesInstallPath', () => {
  it("is dbt's dbt_packages by default, else packages-install-path", () => {
    const plain = tempProject({ 'dbt_project.yml': 'name: shop\n' });
    expect(packagesInstallPath(loadProject(plain))).toBe(path.join(plain, 'dbt_packages'));
    const custom = tempProject({ 'dbt_project.yml': 'name: shop\npackages-install-path: vendor/packages\n' });
    expect(packagesInstallPath(loadProject(custom))).toBe(path.join(custom, 'vendor/packages'));
  });

  it('refuses the project folder itself, which strata deps would empty', () => {
    const root = tempProject({ 'dbt_project.yml': 'name: shop\npackages-install-path: .\n' });
    expectStrataError(() => packagesInstallPath(loadProject(root)), {
      file: 'dbt_project.yml',
      line: 2,
      message: /is the project folder or holds it/,
    });
  });
});
