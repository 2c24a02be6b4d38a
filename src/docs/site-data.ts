/**
 * What `strata docs generate` hands the browser: everything the site shows, computed in
 * Node so the page only draws. Shared by the generator (src/docs/*) and the browser app
 * (src/docs/app/*); it must stay free of Node imports.
 *
 * Text that came from users (descriptions) arrives as sanitized HTML; everything else is
 * plain text the app must insert with `textContent`, never `innerHTML`.
 */

export const SITE_DATA_VERSION = 1;

export type DocsResourceType = 'model' | 'seed' | 'source' | 'test';

export interface SiteData {
  version: typeof SITE_DATA_VERSION;
  project: ProjectSummary;
  /** every model, seed, source and test; index in this array is the node's number */
  nodes: DocsNode[];
  /** parent -> child pairs over node numbers (models, seeds, sources and tests) */
  edges: Array<[parent: number, child: number]>;
  /** positions precomputed at generate time; the browser never lays out */
  layouts: {
    /** models, seeds and sources only: the default view */
    withoutTests: LineageLayout;
    /** the same plus tests, placed right of their last parent */
    withTests: LineageLayout;
  };
  /** every tag used by any node, sorted */
  tags: string[];
  /** every folder (project-relative directory of a node's file), sorted */
  folders: string[];
}

export interface ProjectSummary {
  name: string;
  /** sanitized HTML rendered from the project's overview Markdown (README-like), may be empty */
  overviewHtml: string;
  adapterType: string;
  generatedAt: string;
  strataVersion: string;
  counts: Record<DocsResourceType, number>;
}

export interface DocsNode {
  uniqueId: string;
  name: string;
  resourceType: DocsResourceType;
  /** `model.shop.stg_orders` shown as `stg_orders`; sources as `source_name.table_name` */
  label: string;
  /** rendered relation, e.g. `"main"."stg_orders"`; absent for ephemeral models and tests */
  relation?: string;
  /** project-relative file path and line */
  file: string;
  line?: number;
  /** index into SiteData.folders */
  folder: number;
  descriptionHtml: string;
  /** plain-text description for search (Markdown stripped) */
  descriptionText: string;
  /** `view`, `table`, `incremental`, `ephemeral`, `seed`, `test`, `source` */
  materialization: string;
  tags: string[];
  columns: DocsColumn[];
  rawSql?: string;
  compiledSql?: string;
  /** node numbers; tests appear in `children` of what they test */
  parents: number[];
  children: number[];
  /** tests on this node (node numbers), including column tests */
  tests: number[];
  /** for tests: the generic test name (`not_null`...) or `singular` */
  testKind?: string;
  /** for tests: the column tested, if any */
  testColumn?: string;
}

export interface DocsColumn {
  name: string;
  /** warehouse type from catalog.json, else the declared `data_type`, else '' */
  type: string;
  descriptionHtml: string;
  descriptionText: string;
  /** test labels on this column, e.g. `not_null`, `unique`, `relationships → dim_users.user_id` */
  tests: string[];
}

/**
 * Node positions for one view of the graph, in layout units (node box width 1 = `nodeWidth`).
 * Arrays are indexed by node number; `x[i] === -1` means the node is not in this layout.
 */
export interface LineageLayout {
  nodeWidth: number;
  nodeHeight: number;
  /** left edge of each node's box */
  x: number[];
  /** top edge of each node's box */
  y: number[];
  /** the layer (column) of each node, -1 when absent */
  layer: number[];
  /** bounding box of the whole layout */
  width: number;
  height: number;
}
