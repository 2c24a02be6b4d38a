import type { Manifest, ManifestNode } from '../manifest/types.js';
import { allNodes, getNode } from '../manifest/types.js';

/**
 * The selectable nodes of one manifest and lookup tables over them, each built on first
 * use: one `--select` with a thousand names costs a thousand map lookups, not a thousand
 * scans, while a selection that never asks for tags never builds the tag table.
 */
export class SelectionIndex {
  private nodeList?: ManifestNode[];
  private nameTable?: Map<string, string[]>;
  private headTable?: Map<string, string[]>;
  private tagTable?: Map<string, string[]>;

  constructor(private readonly manifest: Manifest) {}

  /** Every enabled model, seed, source and test; disabled nodes are never selected. */
  get nodes(): ManifestNode[] {
    this.nodeList ??= allNodes(this.manifest).filter((node) => node.config.enabled !== false);
    return this.nodeList;
  }

  /** Whether an id (reached, say, by a graph operator) is an enabled node. */
  isSelectable(id: string): boolean {
    const node = getNode(this.manifest, id);
    return node !== undefined && node.config.enabled !== false;
  }

  /** name (and fqn leaf, when it differs) -> unique ids */
  get byName(): Map<string, string[]> {
    this.nameTable ??= this.group((node) => {
      const leaf = node.fqn[node.fqn.length - 1];
      return leaf === undefined || leaf === node.name ? [node.name] : [node.name, leaf];
    });
    return this.nameTable;
  }

  /** first fqn segment (the package) -> unique ids, for a bare `shop` selecting the whole project */
  get byFqnHead(): Map<string, string[]> {
    this.headTable ??= this.group((node) => (node.fqn[0] === undefined ? [] : [node.fqn[0]]));
    return this.headTable;
  }

  /** tag -> unique ids; a node's tags are its own plus its config's */
  get byTag(): Map<string, string[]> {
    this.tagTable ??= this.group((node) => [...new Set([...node.tags, ...node.config.tags])]);
    return this.tagTable;
  }

  private group(keysOf: (node: ManifestNode) => string[]): Map<string, string[]> {
    const table = new Map<string, string[]>();
    for (const node of this.nodes) {
      for (const key of keysOf(node)) {
        const ids = table.get(key);
        if (ids) ids.push(node.uniqueId);
        else table.set(key, [node.uniqueId]);
      }
    }
    return table;
  }
}
