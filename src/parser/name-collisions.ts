/**
 * Names that must not collide silently. All four warehouses fold unquoted identifiers
 * (DuckDB compares them without case, Redshift and Glue lower-case them, Snowflake
 * upper-cases them), so `orders` and `Orders` are one table; two models building one
 * relation would overwrite each other; and a model named like another's staging or
 * backup table would be dropped by that model's build.
 */
import { formatLocation, StrataError } from '../errors/strata-error.js';
import type {
  MacroDefinition,
  ModelNode,
  RelationName,
  SeedNode,
  SnapshotNode,
  SourceNode,
} from '../manifest/types.js';
import { RESERVED_NAME_MARKER } from './relation-naming.js';

/** A node that builds a relation in the warehouse. */
export type BuiltNode = ModelNode | SeedNode | SnapshotNode;

/**
 * Every name of the project that must be unique, claimed as the parse finds it: node names
 * (compared as the warehouse compares them), macro names, and the relations nodes build.
 * A second claim on a taken name is a project error naming both places.
 */
export class NameClaims {
  private readonly nodeNames = new Map<string, { name: string; file: string }>();
  private readonly macroNames = new Map<string, MacroDefinition>();
  /** relation key -> the node building it, in the order the nodes claimed them */
  private readonly relations = new Map<string, BuiltNode>();

  /** Claim a model or seed name, in any case; a name with the reserved marker is refused too. */
  claimNodeName(node: BuiltNode): void {
    const { name } = node;
    const file = node.origin.file;
    const key = name.toLowerCase();
    const existing = this.nodeNames.get(key);
    if (existing) {
      const same = existing.name === name;
      const message = same
        ? `Two resources are named '${name}': ${existing.file} and ${file}`
        : `Two resources are named '${existing.name}' and '${name}', one name to the warehouse: ` +
          `${existing.file} and ${file}`;
      throw new StrataError(message, {
        location: { file },
        hint: same
          ? 'Model, seed and snapshot names must be unique across the project: rename one file.'
          : 'Warehouses fold unquoted names to one case, so these would build and ref the same table: rename one file.',
      });
    }
    this.nodeNames.set(key, { name, file });
    rejectReservedName(node);
  }

  /** Claim a macro name; a name defined already (in this or another file) is an error naming both places. */
  claimMacroName(macro: MacroDefinition): void {
    // one name per package: packages may define macros of the same name (their namespaces differ)
    const existing = this.macroNames.get(macro.uniqueId);
    if (existing) {
      throw new StrataError(
        `The macro '${macro.name}' is defined twice: ` +
          `${formatLocation(existing.origin)} and ${formatLocation(macro.origin)}`,
        {
          location: macro.origin,
          hint: 'Only one definition could be called; rename or remove one of them.',
        },
      );
    }
    this.macroNames.set(macro.uniqueId, macro);
  }

  /**
   * Claim the relation a model or seed builds; a relation built already (names, aliases or
   * schemas meeting) is an error naming both. Ephemeral models build nothing.
   */
  claimRelation(node: BuiltNode): void {
    if (node.resourceType === 'model' && node.config.materialized === 'ephemeral') return;
    const key = relationKey(node.relation);
    const other = this.relations.get(key);
    if (other) {
      throw new StrataError(
        `The ${describe(other)} and the ${describe(node)} both build ${renderName(node.relation)}`,
        {
          location: node.origin,
          hint: 'Each would overwrite the other: give one of them another alias or schema, or rename its file.',
        },
      );
    }
    this.relations.set(key, node);
  }

  /**
   * Refuse a claimed relation that is the table of a declared source: building it would
   * replace the source's data. The first such node, in claim order, is the error.
   */
  rejectSourceTables(sources: Iterable<SourceNode>): void {
    const declared = new Map<string, SourceNode>();
    for (const source of sources) declared.set(relationKey(source.relation), source);
    for (const [key, node] of this.relations) {
      const source = declared.get(key);
      if (!source) continue;
      throw new StrataError(
        `The ${describe(node)} builds ${renderName(node.relation)}, the table of ` +
          `source('${source.sourceName}', '${source.tableName}') (${formatLocation(source.origin)})`,
        {
          location: node.origin,
          hint:
            "Building it would replace the source's data: give the model another name, alias or schema, " +
            'or point the source at another table.',
        },
      );
    }
  }
}

/**
 * A model or seed whose table name contains `__strata_` would be taken for the staging or
 * backup table of another model's build (`orders__strata_tmp` of `orders`) and dropped by it.
 */
function rejectReservedName(node: BuiltNode): void {
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
      hint:
        `A build of ${owner ? `'${owner}'` : 'another model'} would replace or drop a table with this name. ` +
        `${fix} to a name without '${RESERVED_NAME_MARKER}', ` +
        `e.g. '${owner}_${identifier.slice(at + RESERVED_NAME_MARKER.length)}'.`,
    },
  );
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
