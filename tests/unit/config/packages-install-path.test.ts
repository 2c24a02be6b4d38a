import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagesInstallDir } from '../../../src/config/packages-install-path.js';
import { loadProject } from '../../../src/config/project.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

describe('packages-install-path', () => {
  it("is read once into the project: dbt's dbt_packages by default, else the folder written", () => {
    const plain = loadProject(tempProject({ 'dbt_project.yml': 'name: shop\n' }));
    expect(plain.packagesInstallPath).toBe('dbt_packages');
    expect(packagesInstallDir(plain)).toBe(path.join(plain.rootDir, 'dbt_packages'));
    const custom = loadProject(
      tempProject({ 'dbt_project.yml': 'name: shop\npackages-install-path: ./vendor/pkgs/\n' }),
    );
    expect(custom.packagesInstallPath).toBe('vendor/pkgs');
    expect(packagesInstallDir(custom)).toBe(path.join(custom.rootDir, 'vendor/pkgs'));
  });

  it('renders env_var() as the other values of the project file', () => {
    const root = tempProject({ 'dbt_project.yml': 'name: shop\npackages-install-path: "{{ env_var(\'PKGS\') }}"\n' });
    expect(loadProject(root, { env: { PKGS: 'vendor' } }).packagesInstallPath).toBe('vendor');
  });

  it('refuses the project folder itself, which strata deps would empty', () => {
    const root = tempProject({ 'dbt_project.yml': 'name: shop\npackages-install-path: .\n' });
    expectStrataError(() => loadProject(root), {
      file: 'dbt_project.yml',
      line: 2,
      message: /is the project folder or holds it/,
    });
  });

  it("refuses a folder of the project's own, which strata deps would empty too", () => {
    const root = tempProject({
      'dbt_project.yml': 'name: shop\nmodel-paths: [models]\npackages-install-path: models\n',
    });
    expectStrataError(() => loadProject(root), {
      file: 'dbt_project.yml',
      line: 3,
      message: /overlaps the project folder models\//,
    });
  });
});
