/**
 * What `strata docs generate` hands the browser: everything the site shows, computed in
 * Node so the page only draws. Shared by the generator (src/docs/*) and the browser app
 * (src/docs/app/*); it must stay free of Node imports.
 *
 * Text that came from users (descriptions) arrives as sanitized HTML; everything else is
 * plain text the app must insert with `textContent`, never `innerHTML`.
 */

export const SITE_DATA_VERSION = 1;

export type DocsResourceType = 'model' | 'seed' | 'source' | 'snapshot' | 'exposure' | 'test' | 'unit_test';

export interface SiteData {
  version: typeof SITE_DATA_VERSION;
  project: ProjectSummary;
  /** every model, seed, source, snapshot, exposure, test and unit test; index in this array is the node's number */
  nodes: DocsNode[];
  /** parent -> child pairs over node numbers (unit tests have none: they are listed on their model's page) */
  edges: Array<[parent: number, child: number]>;
  /** positions precomputed at generate time; the browser never lays out */
  layouts: {
    /** models, seeds, sources, snapshots and exposures: the default view */
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
  /** snapshots: how history is recorded */
  snapshot?: DocsSnapshot;
  /** exposures: what reads the project, and who owns it */
  exposure?: DocsExposure;
  /** unit tests: the tested model's node number and the rows in and out */
  unitTest?: DocsUnitTest;
  /** models: their unit tests (node numbers) */
  unitTests?: number[];
}

export interface DocsSnapshot {
  strategy: string;
  uniqueKey: string[];
  updatedAt?: string;
  /** `all` or the column names */
  checkCols?: string[] | 'all';
  hardDeletes: string;
}

export interface DocsExposure {
  /** dashboard, notebook, analysis, ml, application */
  type: string;
  maturity?: string;
  /** only http(s) addresses; the app links nothing else */
  url?: string;
  ownerName?: string;
  ownerEmail?: string;
}

/** Rows of a unit test as a table, or the query that gives them (`format: sql`). */
export type DocsRows = { columns: string[]; rows: string[][] } | { sql: string };

export interface DocsUnitTest {
  model: number;
  given: Array<{ input: string; rows: DocsRows }>;
  expect: DocsRows;
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
