/**
 * Where a model or seed lands when the project overrides dbt's naming macros: a
 * `generate_schema_name(custom_schema_name, node)`, `generate_alias_name` or
 * `generate_database_name` macro (or a `default__`/`<adapter>__` form they dispatch to) is
 * called as dbt calls it, at parse time, and its whitespace-trimmed output is the name. A
 * project without overrides takes `nodeRelation`, dbt's defaults, without rendering anything.
 */
import type { NodeConfig, RelationName } from '../manifest/types.js';
import type { TemplateEnvironment } from '../templating/environment.js';
import { NAMING_MACROS, type NamedPart } from '../templating/naming-macros.js';
import { withScope } from '../templating/render-scope.js';
import { toTemplateError } from '../templating/template-error.js';
import { StrataError } from '../errors/strata-error.js';
import type { ParseContext } from './parse-context.js';
import { ParseScope } from './parse-scope.js';
import { nodeRelation } from './relation-naming.js';

/** What a naming macro is told of the node it names (dbt passes the parsed node). */
export interface NamedNode {
  uniqueId: string;
  name: string;
  resourceType: 'model' | 'seed' | 'snapshot';
  packageName: string;
  fqn: string[];
  /** project-relative file */
  file: string;
}

const PARTS = Object.keys(NAMING_MACROS) as NamedPart[];
const overrideCache = new WeakMap<TemplateEnvironment, { revision: number; parts: NamedPart[] }>();

/** The relation of `node` with `config`: the project's naming macros decide, else dbt's defaults. */
export function namedRelation(ctx: ParseContext, node: NamedNode, config: NodeConfig): RelationName {
  const relation = nodeRelation(node.name, config, ctx.target);
  const parts = overriddenParts(ctx.templates);
  if (parts.length === 0) return relation;
  const self = { ...relation };
  const scope = ParseScope.forContext(ctx, node.file, self);
  const custom: Record<NamedPart, string | undefined> = {
    schema: config.schema,
    alias: config.alias,
    database: config.database,
  };
  for (const part of parts) {
    const name = callNamingMacro(ctx, scope, part, custom[part] ?? null, nodeContext(node, config));
    if (part === 'schema') relation.schema = name;
    else if (part === 'alias') relation.identifier = name;
    else if (name === '' || name === 'None') delete relation.database;
    else relation.database = name;
  }
  return relation;
}

/** The parts whose naming macro the project (or a package) defines, in any form. */
function overriddenParts(templates: TemplateEnvironment): NamedPart[] {
  const { revision } = templates.macros;
  const cached = overrideCache.get(templates);
  if (cached?.revision === revision) return cached.parts;
  const names = [...templates.macros.userMacroNames()];
  const parts = PARTS.filter((part) =>
    names.some((name) => name === NAMING_MACROS[part] || name.endsWith(`__${NAMING_MACROS[part]}`)),
  );
  overrideCache.set(templates, { revision, parts });
  return parts;
}

function callNamingMacro(
  ctx: ParseContext,
  scope: ParseScope,
  part: NamedPart,
  custom: string | null,
  node: Record<string, unknown>,
): string {
  const macroName = NAMING_MACROS[part];
  const macro = ctx.templates.macros.resolve(macroName)!;
  ctx.templates.raised = undefined;
  try {
    return String(withScope(scope, () => macro(custom, node)) ?? '').trim();
  } catch (error) {
    const raised = ctx.templates.raised ?? (error instanceof StrataError ? error : undefined);
    const failure = toTemplateError(error, scope.file, 'render', { raised });
    throw new StrataError(
      `${macroName}() failed for ${String(node.resource_type)} '${String(node.name)}': ${failure.message}`,
      {
        location: failure.location,
        hint: failure.hint ?? `Check the ${macroName} macro of your project.`,
      },
    );
  }
}

/** The node as dbt's naming macros see it (`node.name`, `node.fqn`, `node.config.materialized`...). */
function nodeContext(node: NamedNode, config: NodeConfig): Record<string, unknown> {
  return {
    unique_id: node.uniqueId,
    name: node.name,
    resource_type: node.resourceType,
    package_name: node.packageName,
    fqn: node.fqn,
    original_file_path: node.file,
    path: node.file,
    tags: config.tags,
    version: null,
    config: {
      ...config.extra,
      enabled: config.enabled,
      materialized: config.materialized,
      schema: config.schema ?? null,
      alias: config.alias ?? null,
      database: config.database ?? null,
      tags: config.tags,
    },
  };
}
