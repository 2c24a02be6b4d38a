/**
 * The files `strata init` writes: a project that `strata build` builds as it is (on DuckDB),
 * or, for a warehouse, once the profile's environment variables are set.
 */

/** Adapter types `strata init --adapter` writes a profile for. */
export const INIT_ADAPTERS = ['duckdb', 'redshift', 'snowflake', 'athena'] as const;
export type InitAdapter = (typeof INIT_ADAPTERS)[number];

/** The target of each adapter type, as profiles.yml lines below `dev:`; credentials come from the environment. */
const TARGETS: Record<InitAdapter, string[]> = {
  duckdb: ['type: duckdb', 'path: target/dev.duckdb', 'schema: main', 'threads: 4'],
  redshift: [
    'type: redshift',
    'method: pg',
    'host: "{{ env_var(\'REDSHIFT_HOST\') }}"',
    'port: 5439',
    'user: "{{ env_var(\'REDSHIFT_USER\') }}"',
    'password: "{{ env_var(\'REDSHIFT_PASSWORD\') }}"',
    'dbname: "{{ env_var(\'REDSHIFT_DATABASE\') }}"',
    'schema: analytics',
    'threads: 4',
  ],
  snowflake: [
    'type: snowflake',
    'account: "{{ env_var(\'SNOWFLAKE_ACCOUNT\') }}"',
    'user: "{{ env_var(\'SNOWFLAKE_USER\') }}"',
    'password: "{{ env_var(\'SNOWFLAKE_PASSWORD\') }}"',
    'role: "{{ env_var(\'SNOWFLAKE_ROLE\') }}"',
    'warehouse: "{{ env_var(\'SNOWFLAKE_WAREHOUSE\') }}"',
    'database: "{{ env_var(\'SNOWFLAKE_DATABASE\') }}"',
    'schema: analytics',
    'threads: 4',
  ],
  athena: [
    'type: athena',
    'region: "{{ env_var(\'AWS_REGION\') }}"',
    's3_staging_dir: "{{ env_var(\'ATHENA_S3_STAGING_DIR\') }}"',
    'database: awsdatacatalog',
    'schema: analytics',
    'threads: 4',
  ],
};

/** Every file of a new project `name`, by path relative to the project folder. */
export function projectSkeleton(name: string, adapter: InitAdapter, withProfile: boolean): Map<string, string> {
  const files = new Map<string, string>([
    ['project.yml', projectFile(name)],
    ['models/example/my_first_model.sql', FIRST_MODEL],
    ['models/example/my_second_model.sql', SECOND_MODEL],
    ['models/example/schema.yml', SCHEMA_YML],
    ['seeds/.gitkeep', ''],
    ['macros/.gitkeep', ''],
    ['data-tests/.gitkeep', ''],
    ['analyses/.gitkeep', ''],
    ['.gitignore', 'target/\ndbt_packages/\nlogs/\n'],
    ['README.md', readme(name)],
  ]);
  if (withProfile) files.set('profiles.yml', profilesFile(name, adapter));
  return files;
}

function projectFile(name: string): string {
  return `name: ${name}
version: "1.0.0"
profile: ${name}

model-paths: ["models"]
seed-paths: ["seeds"]
test-paths: ["data-tests"]
macro-paths: ["macros"]
analysis-paths: ["analyses"]

# folders \`strata clean\` deletes
clean-targets: ["target", "dbt_packages"]

models:
  ${name}:
    example:
      +materialized: view
`;
}

function profilesFile(name: string, adapter: InitAdapter): string {
  const target = TARGETS[adapter].map((line) => `      ${line}`).join('\n');
  return `${name}:\n  target: dev\n  outputs:\n    dev:\n${target}\n`;
}

const FIRST_MODEL = `-- A table built from inline rows; replace it with a select from your sources.
{{ config(materialized='table') }}

select 1 as id, 'first' as label
union all
select 2 as id, 'second' as label
`;

const SECOND_MODEL = `-- A view on the first model: ref() orders the build and names the relation.
select id, upper(label) as label
from {{ ref('my_first_model') }}
where id = 1
`;

const SCHEMA_YML = `version: 2

models:
  - name: my_first_model
    description: "An example table"
    columns:
      - name: id
        description: "The primary key of this table"
        data_tests:
          - unique
          - not_null

  - name: my_second_model
    description: "An example view on my_first_model"
    columns:
      - name: id
        data_tests:
          - unique
          - not_null
`;

function readme(name: string): string {
  return `# ${name}

A Strata project. Try:

- \`strata build\`: seed, run and test everything
- \`strata debug\`: check the profile and the connection
- \`strata compile\`: write the SQL under target/compiled
`;
}
