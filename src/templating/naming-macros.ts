/**
 * dbt's macros that decide where a node lands: `generate_schema_name`,
 * `generate_alias_name` and `generate_database_name` (each dispatching to
 * `default__generate_*_name`), and `generate_schema_name_for_env`. A project overrides
 * them by defining a macro of the same name (or a `default__`/`<adapter>__` form); these
 * are dbt's defaults, in the `dbt` namespace.
 */
import { activeScope } from './render-scope.js';
import { splitArguments } from './template-args.js';
import type { TemplateCallable } from './macro-namespaces.js';

/** The names of the three naming macros, by the relation part they decide. */
export const NAMING_MACROS = {
  schema: 'generate_schema_name',
  alias: 'generate_alias_name',
  database: 'generate_database_name',
} as const;

/** A relation part a naming macro decides. */
export type NamedPart = keyof typeof NAMING_MACROS;

/** `custom_<part>_name` and `node`, positional or keyword; Jinja's `none` and a missing value are null. */
function namingArguments(args: unknown[], part: NamedPart): { custom: string | null; node: Record<string, unknown> } {
  const call = splitArguments(args);
  const custom = call.positional[0] ?? call.keywords[`custom_${part}_name`];
  const node = call.positional[1] ?? call.keywords.node;
  return {
    custom: custom === undefined || custom === null ? null : String(custom),
    node: typeof node === 'object' && node !== null ? (node as Record<string, unknown>) : {},
  };
}

function targetField(name: string): string {
  const value = activeScope().target[name];
  return value === undefined || value === null ? '' : String(value);
}

/** dbt's default naming macros, keyed by name; `dispatch` resolves the dispatching ones. */
export function namingMacros(dispatch: (name: string) => TemplateCallable): Record<string, TemplateCallable> {
  const dispatching =
    (name: string): TemplateCallable =>
    (...args) =>
      dispatch(name)(...args);
  return {
    generate_schema_name: dispatching('generate_schema_name'),
    generate_alias_name: dispatching('generate_alias_name'),
    generate_database_name: dispatching('generate_database_name'),
    // a custom schema is appended to the target's, so developers sharing a warehouse never collide
    default__generate_schema_name: (...args) => {
      const { custom } = namingArguments(args, 'schema');
      return custom === null ? targetField('schema') : `${targetField('schema')}_${custom.trim()}`;
    },
    // the custom schema as written in the prod target, the target's schema elsewhere
    generate_schema_name_for_env: (...args) => {
      const { custom } = namingArguments(args, 'schema');
      return targetField('name') === 'prod' && custom !== null ? custom.trim() : targetField('schema');
    },
    default__generate_alias_name: (...args) => {
      const { custom, node } = namingArguments(args, 'alias');
      if (custom) return custom.trim();
      const version = node.version;
      if (version !== undefined && version !== null && version !== '') {
        return `${String(node.name)}_v${String(version).replace('.', '_')}`;
      }
      return String(node.name ?? '');
    },
    default__generate_database_name: (...args) => {
      const { custom } = namingArguments(args, 'database');
      return custom === null ? targetField('database') : custom.trim();
    },
  };
}
