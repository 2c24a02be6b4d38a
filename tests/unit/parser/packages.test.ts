import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createDialect } from '../../../src/adapters/registry.js';
import { originalFilePath } from '../../../src/artifacts/node-paths.js';
import { Compiler } from '../../../src/compile/compiler.js';
import { loadTarget } from '../../../src/config/profiles.js';
import { loadProject } from '../../../src/config/project.js';
import type { ModelNode, SeedNode } from '../../../src/manifest/types.js';
import { parseProject, type ParsedProject } from '../../../src/parser/parse-project.js';
import { MacroNamespaces } from '../../../src/templating/macro-namespaces.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

const PROFILES =
  'shop:\n  target: dev\n  outputs:\n' +
  '    dev: { type: duckdb, schema: main }\n    prod: { type: duckdb, schema: main }\n';
const PKG = 'dbt_packages/utils';

/** Parse the root project `shop` made of `files` (the package's under dbt_packages/utils/). */
function parse(files: Record<string, string>, options: { vars?: Record<string, unknown>; target?: string } = {}) {
  const dir = tempProject({ 'dbt_project.yml': 'name: shop\n', 'profiles.yml': PROFILES, ...files });
  return parseDir(dir, options);
}

function parseDir(dir: string, options: { vars?: Record<string, unknown>; target?: string } = {}): ParsedProject {
  const project = loadProject(dir);
  const { target } = loadTarget({
    projectRoot: dir,
    profilesDir: dir,
    profileName: project.profile,
    ...(options.target ? { targetName: options.target } : {}),
  });
  return parseProject({ project, target, dialect: createDialect(target.type), vars: options.vars });
}

function model(parsed: ParsedProject, id: string): ModelNode {
  return parsed.manifest.nodes.get(id) as ModelNode;
}

function compiled(parsed: ParsedProject, id: string): string {
  return new Compiler(parsed).compile(model(parsed, id));
}

describe('installed packages', () => {
  it("adds a package's files as nodes of its package, configured by its dbt_project.yml then the root's", () => {
    const parsed = parse({
      'dbt_project.yml':
        'name: shop\nmodels:\n  utils:\n    staging:\n      +materialized: table\n      +tags: [root]\n',
      [`${PKG}/dbt_project.yml`]: 'name: utils\nmodels:\n  utils:\n    +materialized: view\n    +tags: [pkg]\n',
      [`${PKG}/models/staging/stg_a.sql`]: 'select 1 as id',
      [`${PKG}/models/b.sql`]: "select * from {{ ref('stg_a') }}",
      [`${PKG}/seeds/codes.csv`]: 'code\n1\n',
      'models/c.sql': "select * from {{ ref('utils', 'b') }} join {{ ref('codes') }} using (id)",
    });
    expect(model(parsed, 'model.utils.stg_a')).toMatchObject({
      packageName: 'utils',
      fqn: ['utils', 'staging', 'stg_a'],
      origin: { file: `${PKG}/models/staging/stg_a.sql` },
      config: { materialized: 'table', tags: ['pkg', 'root'] },
    });
    expect(model(parsed, 'model.utils.b').config.materialized).toBe('view');
    expect((parsed.manifest.nodes.get('seed.utils.codes') as SeedNode).packageName).toBe('utils');
    expect(model(parsed, 'model.shop.c').dependsOn).toEqual(['model.utils.b', 'seed.utils.codes']);
    expect(parsed.warnings).toEqual([]);
  });

  it("gives a package's nodes vars by dbt's precedence: --vars, root scoped, root global, the package's", () => {
    const files = (rootVars: string) => ({
      'dbt_project.yml': `name: shop\nvars:\n${rootVars}`,
      [`${PKG}/dbt_project.yml`]: 'name: utils\nvars:\n  level: package\n',
      [`${PKG}/models/m.sql`]: 'select \'{{ var("level") }}\' as level',
    });
    const level = (rootVars: string, vars?: Record<string, unknown>) =>
      compiled(parse(files(rootVars), { vars }), 'model.utils.m');
    expect(level('  other: 1\n')).toBe("select 'package' as level");
    expect(level('  level: root\n')).toBe("select 'root' as level");
    expect(level('  level: root\n  utils:\n    level: scoped\n')).toBe("select 'scoped' as level");
    expect(level('  utils:\n    level: scoped\n', { level: 'cli' })).toBe("select 'cli' as level");
    // the root project's own nodes read its vars scoped to its name first
    const root = parse({
      'dbt_project.yml': 'name: shop\nvars:\n  level: global\n  shop:\n    level: root_scoped\n',
      'models/m.sql': 'select \'{{ var("level") }}\' as level',
    });
    expect(compiled(root, 'model.shop.m')).toBe("select 'root_scoped' as level");
  });

  it('reads a local package installed as a symbolic link into dbt_packages/', () => {
    const elsewhere = tempProject({
      'dbt_project.yml': 'name: utils\n',
      'macros/m.sql': '{% macro answer() %}42{% endmacro %}',
    });
    const dir = tempProject({
      'dbt_project.yml': 'name: shop\n',
      'profiles.yml': PROFILES,
      'packages.yml': `packages:\n  - local: ${elsewhere}\n`,
      'models/m.sql': 'select {{ utils.answer() }} as answer',
    });
    mkdirSync(join(dir, 'dbt_packages'));
    symlinkSync(elsewhere, join(dir, 'dbt_packages', 'utils'));
    const parsed = parseDir(dir);
    expect(compiled(parsed, 'model.shop.m')).toBe('select 42 as answer');
    expect(parsed.manifest.macros.get('macro.utils.answer')?.origin.file).toBe('dbt_packages/utils/macros/m.sql');
  });

  it('fails when packages.yml lists a package dbt_packages/ does not hold, naming it and strata deps', () => {
    expectStrataError(
      () =>
        parse({
          'packages.yml': 'packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0\n',
          [`${PKG}/dbt_project.yml`]: 'name: utils\n',
        }),
      {
        file: 'packages.yml',
        line: 2,
        message: /package dbt_utils .* not installed in dbt_packages/,
        hint: /strata deps/,
      },
    );
  });

  it('reads the packages of packages-install-path, each file knowing its package folder', () => {
    const parsed = parse({
      'dbt_project.yml': 'name: shop\npackages-install-path: vendor_packages\n',
      'packages.yml': 'packages:\n  - package: acme/utils\n    version: 1.0.0\n',
      'vendor_packages/utils/dbt_project.yml': 'name: utils\n',
      'vendor_packages/utils/macros/m.sql': '{% macro answer() %}42{% endmacro %}',
      'vendor_packages/utils/models/a.sql': 'select {{ answer() }} as answer',
      // not the install folder of this project: not read
      'dbt_packages/stale/dbt_project.yml': 'name: stale\n',
      'models/b.sql': "select * from {{ ref('utils', 'a') }}",
    });
    expect(model(parsed, 'model.utils.a').origin).toEqual({
      file: 'vendor_packages/utils/models/a.sql',
      packageRoot: 'vendor_packages/utils',
    });
    expect(parsed.manifest.macros.get('macro.utils.answer')?.origin.packageRoot).toBe('vendor_packages/utils');
    expect(model(parsed, 'model.shop.b').origin.packageRoot).toBeUndefined();
    expect(model(parsed, 'model.shop.b').dependsOn).toEqual(['model.utils.a']);
    expect(compiled(parsed, 'model.utils.a')).toBe('select 42 as answer');
    expect([...parsed.packageContexts!.keys()]).toEqual(['utils']);
  });

  it('reads packages installed outside the project, an absolute packages-install-path', () => {
    const shared = tempProject({
      'utils/dbt_project.yml': 'name: utils\n',
      'utils/models/a.sql': 'select 1 as id',
    });
    const parsed = parse({
      'dbt_project.yml': `name: shop\npackages-install-path: ${shared}\n`,
      'models/b.sql': "select * from {{ ref('utils', 'a') }}",
    });
    const { origin } = model(parsed, 'model.utils.a');
    expect(origin.file.endsWith('/utils/models/a.sql')).toBe(true);
    expect(origin.file.startsWith(`${origin.packageRoot}/`)).toBe(true);
    expect(originalFilePath(model(parsed, 'model.utils.a'))).toBe('models/a.sql');
    expect(model(parsed, 'model.shop.b').dependsOn).toEqual(['model.utils.a']);
  });

  it('names the configured install folder when a listed package is not in it', () => {
    expectStrataError(
      () =>
        parse({
          'dbt_project.yml': 'name: shop\npackages-install-path: vendor_packages\n',
          'packages.yml': 'packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0\n',
          // installed, but where this project does not install its packages
          'dbt_packages/dbt_utils/dbt_project.yml': 'name: dbt_utils\n',
        }),
      { file: 'packages.yml', line: 2, message: /package dbt_utils .* not installed in vendor_packages\// },
    );
  });

  it('reads dependencies.yml as strata deps does: env_var() rendered, its projects: left alone', () => {
    const pkg = tempProject({ 'dbt_project.yml': 'name: utils\n' });
    const dependencies = 'packages:\n  - local: "{{ env_var(\'UTILS_DIR\') }}"\nprojects:\n  - name: upstream\n';
    vi.stubEnv('UTILS_DIR', pkg);
    try {
      const dir = tempProject({ 'dbt_project.yml': 'name: shop\n', 'profiles.yml': PROFILES });
      writeFileSync(join(dir, 'dependencies.yml'), dependencies);
      expectStrataError(() => parseDir(dir), {
        file: 'dependencies.yml',
        line: 2,
        message: `The package utils (local: ${pkg}) is listed in dependencies.yml but not installed in dbt_packages/`,
      });
      mkdirSync(join(dir, 'dbt_packages'));
      symlinkSync(pkg, join(dir, 'dbt_packages', 'utils'));
      expect([...parseDir(dir).packageContexts!.keys()]).toEqual(['utils']);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('refuses a folder of dbt_packages/ that holds no project, and two packages of one name', () => {
    expectStrataError(() => parse({ [`${PKG}/macros/m.sql`]: '' }), {
      file: PKG,
      message: `${PKG} holds no dbt_project.yml`,
      hint: /strata deps/,
    });
    expectStrataError(
      () =>
        parse({
          [`${PKG}/dbt_project.yml`]: 'name: utils\n',
          'dbt_packages/utils_copy/dbt_project.yml': 'name: utils\n',
        }),
      { message: `Two projects are named "utils": ${PKG}/dbt_project.yml and dbt_packages/utils_copy/dbt_project.yml` },
    );
  });

  it('refuses a project or package named dbt, the namespace of the built-in macros', () => {
    expectStrataError(() => parse({ 'dbt_project.yml': 'profile: shop\nname: dbt\n' }), {
      file: 'dbt_project.yml',
      line: 2,
      message: 'A project cannot be named "dbt"',
    });
    expectStrataError(() => parse({ [`${PKG}/dbt_project.yml`]: 'name: dbt\n' }), {
      file: `${PKG}/dbt_project.yml`,
      message: 'A project cannot be named "dbt"',
    });
  });

  it("refuses ref('package', 'model') naming a package the model is not in", () => {
    expectStrataError(
      () =>
        parse({
          [`${PKG}/dbt_project.yml`]: 'name: utils\n',
          [`${PKG}/models/b.sql`]: 'select 1 as id',
          'models/c.sql': "select * from {{ ref('shop', 'b') }}",
        }),
      { file: 'models/c.sql', line: 1, message: /ref\('shop', 'b'\), but 'b' is in the package 'utils'/ },
    );
  });

  it("resolves source() as dbt does: the root project's declaration, then the node's package's", () => {
    const sources = (schema: string, tables: string) =>
      `version: 2\nsources:\n  - name: raw\n    schema: ${schema}\n    tables:\n${tables}`;
    const parsed = parse({
      'models/sources.yml': sources('root_raw', '      - name: events\n'),
      [`${PKG}/dbt_project.yml`]: 'name: utils\n',
      [`${PKG}/models/sources.yml`]: sources('pkg_raw', '      - name: events\n      - name: users\n'),
      [`${PKG}/models/p.sql`]: "select * from {{ source('raw', 'events') }}, {{ source('raw', 'users') }}",
      'models/r.sql': "select * from {{ source('raw', 'users') }}",
    });
    expect(model(parsed, 'model.utils.p').dependsOn).toEqual(['source.shop.raw.events', 'source.utils.raw.users']);
    expect(compiled(parsed, 'model.utils.p')).toBe('select * from "root_raw"."events", "pkg_raw"."users"');
    expect(model(parsed, 'model.shop.r').dependsOn).toEqual(['source.utils.raw.users']);
  });

  it('lets a package define a macro of the same name as the root project', () => {
    const parsed = parse({
      'macros/m.sql': '{% macro label() %}root{% endmacro %}',
      [`${PKG}/dbt_project.yml`]: 'name: utils\n',
      [`${PKG}/macros/m.sql`]: '{% macro label() %}pkg{% endmacro %}',
      [`${PKG}/models/b.sql`]: "select '{{ label() }}' as label",
      'models/c.sql': "select '{{ label() }}', '{{ utils.label() }}'",
    });
    expect(compiled(parsed, 'model.utils.b')).toBe("select 'pkg' as label");
    expect(compiled(parsed, 'model.shop.c')).toBe("select 'root', 'pkg'");
  });

  it("names a dispatch: search order's unknown package where dbt_project.yml lists it", () => {
    const files = {
      'dbt_project.yml': 'name: shop\ndispatch:\n  - macro_namespace: utils\n    search_order: [shop, utlis]\n',
      [`${PKG}/dbt_project.yml`]: 'name: utils\n',
      [`${PKG}/macros/m.sql`]: "{% macro x() %}{{ adapter.dispatch('x', 'utils')() }}{% endmacro %}",
      'models/c.sql': 'select {{ utils.x() }}',
    };
    expectStrataError(() => parse(files), {
      file: 'dbt_project.yml',
      line: 3,
      message: /search_order of "utils" names "utlis", which is not a package/,
      hint: /Did you mean "utils"/,
    });
  });
});

describe('naming macros', () => {
  const relation = (parsed: ParsedProject, id: string) => model(parsed, id).relation;

  it("take dbt's defaults without calling a macro when the project overrides none", () => {
    const resolve = vi.spyOn(MacroNamespaces.prototype, 'resolve');
    const parsed = parse({ 'dbt_project.yml': 'name: shop\nmodels:\n  +schema: stg\n', 'models/m.sql': 'select 1' });
    expect(relation(parsed, 'model.shop.m')).toEqual({ schema: 'main_stg', identifier: 'm' });
    expect(resolve).not.toHaveBeenCalled();
    resolve.mockRestore();
  });

  it("decide every node's schema, alias and database when the project overrides them", () => {
    const parsed = parse({
      'dbt_project.yml': 'name: shop\nmodels:\n  +schema: stg\n',
      'macros/naming.sql':
        '{% macro generate_schema_name(custom_schema_name, node) %}  {{ custom_schema_name }}_{{ node.fqn[0] }}\n' +
        '{% endmacro %}' +
        '{% macro default__generate_alias_name(custom_alias_name, node) %}{{ node.name | upper }}{% endmacro %}' +
        '{% macro generate_database_name(custom_database_name=none, node=none) %}lake{% endmacro %}',
      [`${PKG}/dbt_project.yml`]: 'name: utils\n',
      [`${PKG}/models/p.sql`]: 'select 1',
      'models/m.sql': "{{ config(alias='ignored_by_override') }}select 1",
    });
    expect(relation(parsed, 'model.shop.m')).toEqual({ database: 'lake', schema: 'stg_shop', identifier: 'M' });
    expect(relation(parsed, 'model.utils.p')).toEqual({ database: 'lake', schema: 'stg_utils', identifier: 'P' });
  });

  it("offer dbt's generate_schema_name_for_env: the custom schema as written in prod only", () => {
    const files = {
      'dbt_project.yml': 'name: shop\nmodels:\n  +schema: stg\n',
      'macros/naming.sql':
        '{% macro generate_schema_name(custom_schema_name, node) -%}' +
        '{{ generate_schema_name_for_env(custom_schema_name, node) }}{%- endmacro %}',
      'models/m.sql': 'select 1',
    };
    expect(relation(parse(files), 'model.shop.m').schema).toBe('main');
    expect(relation(parse(files, { target: 'prod' }), 'model.shop.m').schema).toBe('stg');
  });
});
