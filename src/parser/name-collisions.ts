/**
 * Names that must not collide silently. All four warehouses fold unquoted identifiers
 * (DuckDB compares them without case, Redshift and Glue lower-case them, Snowflake
 * upper-cases them), so `orders` and `Orders` are one table; two models building one
 * relation would overwrite each other; and a model named like another's staging or
 * backup table would be dropped by that model's build.
 */
import { formatLocation, StrataError } from '../errors/strata-error.js';
import type { MacroDefinition, ModelNode, RelationName, SeedNode, SourceNode } from '../manifest/types.js';
import { RESERVED_NAME_MARKER } from './relation-naming.js';

type BuiltNode = ModelNode | SeedNode;

/** Model and seed names, compared as the warehouse compares them. */
export class NodeNames {
  private readonly owners = new Map<string, { name: string; file: string }>();

  /** Claim `name` for `file`; a name taken already, in any case, is a project error naming both files. */
  claim(name: string, file: string): void {
    const key = name.toLowerCase();
    const existing = this.owners.get(key);
    if (existing) {
      const same = existing.name === name;
      const message = same
        ? `Two resources are named '${name}': ${existing.file} and ${file}`
        : `Two resources are named '${existing.name}' and '${name}', one name to the warehouse: ${existing.file} and ${file}`;
      throw new StrataError(message, {
        location: { file },
        hint: same
          ? 'Model and seed names must be unique across the project: rename one file.'
          : 'Warehouses fold unquoted names to one case, so these would build and ref the same table: rename one file.',
      });
    }
    this.owners.set(key, { name, file });
  }
}

/**
 * A model or seed whose table name contains `__strata_` would be taken for the staging or
 * backup table of another model's build (`orders__strata_tmp` of `orders`) and dropped by it.
 */
export function rejectReservedName(node: BuiltNode): void {
  const identifier = node.relation.identifier;
  const at = identifier.toLowerCase().indexOf(RESERVED_NAME_MARKER);
  if (at < 0) return;
  const what =
    node.config.alias === undefined
      ? `The ${node.resourceType} name '${identifier}'`
      : `The alias '${identifier}' of ${node.resourceType} '${node.name}'`;
  const owner = identifier.slice(0, at);
  const fix = node.config.alias === undefined ? 'Rename the file' : 'Change the alias';
  throw new StrataError(
    `${what} contains '${RESERVED_NAME_MARKER}', which Strata reserves for the tables its builds create`,
    {
      location: node.origin,
      hint: `A build of ${owner ? `'${owner}'` : 'another model'} would replace or drop a table with this name. ${fix} to a name without '${RESERVED_NAME_MARKER}', e.g. '${owner}_${identifier.slice(at + RESERVED_NAME_MARKER.length)}'.`,
    },
  );
}

/** Two models or seeds that build the same relation (names, aliases or schemas meeting) are a project error naming both. */
export function rejectSharedRelations(nodes: Iterable<BuiltNode>): void {
  const builders = new Map<string, BuiltNode>();
  for (const node of nodes) {
    if (node.resourceType === 'model' && node.config.materialized === 'ephemeral') continue;
    const key = relationKey(node.relation);
    const other = builders.get(key);
    if (other) {
      throw new StrataError(
        `The ${describe(other)} and the ${describe(node)} both build ${renderName(node.relation)}`,
        {
          location: node.origin,
          hint: 'Each would overwrite the other: give one of them another alias or schema, or rename its file.',
        },
      );
    }
    builders.set(key, node);
  }
}

/** A model or seed building the table a source declares would replace the source's data: a project error naming both. */
export function rejectSourceOverwrites(nodes: Iterable<BuiltNode>, sources: Iterable<SourceNode>): void {
  const declared = new Map<string, SourceNode>();
  for (const source of sources) declared.set(relationKey(source.relation), source);
  for (const node of nodes) {
    if (node.resourceType === 'model' && node.config.materialized === 'ephemeral') continue;
    const source = declared.get(relationKey(node.relation));
    if (!source) continue;
    throw new StrataError(
      `The ${describe(node)} builds ${renderName(node.relation)}, the table of source('${source.sourceName}', '${source.tableName}') (${formatLocation(source.origin)})`,
      {
        location: node.origin,
        hint: "Building it would replace the source's data: give the model another name, alias or schema, or point the source at another table.",
      },
    );
  }
}

/** Macro names across the project's macro files: one definition each. */
export class MacroNames {
  private readonly definitions = new Map<string, MacroDefinition>();

  /** Record `macro`; a name defined already (in this or another file) is a project error naming both places. */
  claim(macro: MacroDefinition): void {
    const existing = this.definitions.get(macro.name);
    if (existing) {
      throw new StrataError(
        `The macro '${macro.name}' is defined twice: ${formatLocation(existing.origin)} and ${formatLocation(macro.origin)}`,
        {
          location: macro.origin,
          hint: 'Only one definition could be called; rename or remove one of them.',
        },
      );
    }
    this.definitions.set(macro.name, macro);
  }
}

function relationKey(relation: RelationName): string {
  return [relation.database ?? '', relation.schema, relation.identifier].join('\u0000').toLowerCase();
}

function renderName(relation: RelationName): string {
  return [relation.database, relation.schema, relation.identifier].filter((part) => part !== undefined).join('.');
}

function describe(node: BuiltNode): string {
  return `${node.resourceType} ${node.origin.file}`;
}
