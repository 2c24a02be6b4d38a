import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTarget } from '../../../../src/config/profiles.js';
import { loadProject } from '../../../../src/config/project.js';
import { expectStrataError, tempProject } from '../../../support/temp-project.js';

const DBT_PROJECT = [
  'name: shop',
  "profile: \"{{ env_var('SHOP_PROFILE', 'shop') }}\"",
  'vars:',
  '  load_source_data: true',
  "  region: \"{{ env_var('REGION', 'eu') }}\"",
  'on-run-start: ["{{ log(\'starting\') }}"]',
  'models:',
  '  shop:',
  '    +enabled: "{{ var(\'load_source_data\', false) }}"',
  "    +schema: \"{{ env_var('SHOP_SCHEMA', 'marts') }}\"",
  "    +materialized: \"{{ 'table' if target.name == 'prod' else 'view' }}\"",
  '    +post-hook: "grant select on {{ this }} to reporter"',
  '    staging:',
  '      +enabled: "{{ var(\'cli_only\', false) }}"',
  '',
].join('\n');

describe('Jinja in the project file', () => {
  it('renders config values with var (of --vars only, as dbt), env_var and target, keeping their types', () => {
    const root = tempProject({ 'dbt_project.yml': DBT_PROJECT });
    const profiles: string[] = [];
    const project = loadProject(root, {
      env: { SHOP_SCHEMA: 'analytics' },
      vars: { cli_only: true },
      target: (profile) => {
        profiles.push(profile);
        return { name: 'prod' };
      },
    });
    expect(project.models).toEqual({
      shop: {
        // the file's own `load_source_data: true` is not visible here: the default applies
        '+enabled': false,
        '+schema': 'analytics',
        '+materialized': 'table',
        '+post-hook': 'grant select on {{ this }} to reporter',
        staging: { '+enabled': true },
      },
    });
    expect(profiles).toEqual(['shop']);
    expect(project.warnings).toContain(
      "dbt_project.yml:4: var('load_source_data') in the configs of dbt_project.yml reads only --vars, as in dbt, " +
        "so this value is not used there; pass --vars '{load_source_data: ...}' to set it.",
    );
  });

  it('says nothing about a project variable that --vars sets', () => {
    const root = tempProject({ 'dbt_project.yml': DBT_PROJECT });
    const project = loadProject(root, { env: {}, vars: { load_source_data: true }, target: () => ({ name: 'dev' }) });
    expect(project.models).toMatchObject({ shop: { '+enabled': true } });
    expect((project.warnings ?? []).filter((warning) => warning.includes('var('))).toEqual([]);
  });

  it('reads vars as written but for env_var, lets --vars win, and leaves run hooks alone', () => {
    const root = tempProject({ 'dbt_project.yml': DBT_PROJECT });
    const project = loadProject(root, { env: {}, vars: { cli_only: false }, target: () => ({ name: 'dev' }) });
    expect(project.vars).toEqual({ load_source_data: true, region: 'eu' });
    expect(project.models).toMatchObject({ shop: { '+materialized': 'view', staging: { '+enabled': false } } });
  });

  it('names the line of a value that cannot render', () => {
    const root = tempProject({ 'project.yml': 'name: shop\nmodels:\n  +schema: "{{ var(\'nope\') }}"\n' });
    expectStrataError(() => loadProject(root, { env: {} }), {
      file: 'project.yml',
      line: 3,
      message: "Required variable 'nope' has not been provided",
      hint: /--vars/,
    });
  });
});

describe('Jinja in profiles.yml', () => {
  const profiles = [
    'shop:',
    "  target: \"{{ env_var('SHOP_TARGET', 'dev') }}\"",
    '  outputs:',
    '    dev:',
    '      type: duckdb',
    "      path: \"{{ var('db', 'target/dev.duckdb') }}\"",
    '      threads: "{{ env_var(\'SHOP_THREADS\') | as_number }}"',
    "      schema: \"{{ env_var('SHOP_SCHEMA', 'main') | lower }}\"",
    '    prod:',
    '      type: duckdb',
    '      path: "{{ var(\'prod_db\') }}"',
    '',
  ].join('\n');

  it('renders env_var, var of --vars and the as_* filters of the chosen target', () => {
    const root = tempProject({ 'profiles.yml': profiles });
    const { target } = loadTarget({
      projectRoot: root,
      profileName: 'shop',
      env: { SHOP_THREADS: '3', SHOP_SCHEMA: 'Main' },
      vars: { db: 'target/cli.duckdb' },
    });
    expect(target).toMatchObject({ name: 'dev', threads: 3, schema: 'main' });
    expect(target.settings.path).toBe('target/cli.duckdb');
  });

  it('says that profiles.yml reads only --vars', () => {
    const root = tempProject({ 'profiles.yml': profiles });
    expectStrataError(() => loadTarget({ projectRoot: root, profileName: 'shop', targetName: 'prod', env: {} }), {
      file: path.join('profiles.yml'),
      line: 11,
      message: "Required variable 'prod_db' has not been provided",
      hint: /--vars/,
    });
  });
});
