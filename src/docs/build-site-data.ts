/**
 * Manifest + catalog + compiled SQL -> SiteData: everything the docs page shows, with
 * descriptions rendered to sanitized HTML and the lineage laid out, so the browser only
 * draws. Pure: no files, no warehouse.
 */
import { posix } from 'node:path';
import { toPosixPath } from '../artifacts/node-paths.js';
import {
  allNodes,
  type AnalysisNode,
  type Manifest,
  type ManifestNode,
  type RelationName,
  type TestNode,
} from '../manifest/types.js';
import { catalogTableOf, type CatalogJson } from '../artifacts/catalog-json.js';
import { docsColumns } from './docs-columns.js';
import { docsExposure, docsSnapshot, docsUnitTest } from './docs-node-kinds.js';
import { layoutLineage } from './lineage-layout.js';
import { renderMarkdown } from './markdown.js';
import { defaultOverviewMarkdown } from './overview.js';
import { SITE_DATA_VERSION, type DocsNode, type DocsResourceType, type SiteData } from './site-data.js';
import { columnTestLabel, testKind } from './test-labels.js';

/** The nodes the site shows. */
type DocumentedNode = Exclude<ManifestNode, AnalysisNode>;

export interface SiteDataInput {
  manifest: Manifest;
  /** how the target's SQL names a relation (the dialect's `renderRelation`) */
  renderRelation: (relation: RelationName) => string;
  adapterType: string;
  strataVersion: string;
  generatedAt: Date;
  /** column names and types from the warehouse; without it, declared types are shown */
  catalog?: CatalogJson;
  /** compiled SQL by unique id */
  compiledSql?: ReadonlyMap<string, string>;
  /** the overview page's Markdown; default: a generated summary of the project */
  overviewMarkdown?: string;
}

/** Build the data the docs site embeds. Node numbers follow sorted unique ids. */
export function buildSiteData(input: SiteDataInput): SiteData {
  // analyses are compiled SQL for a person to run, not part of the documented warehouse
  const nodes = allNodes(input.manifest)
    .filter((node): node is DocumentedNode => node.resourceType !== 'analysis')
    .sort((a, b) => (a.uniqueId < b.uniqueId ? -1 : a.uniqueId > b.uniqueId ? 1 : 0));
  const numberOf = new Map(nodes.map((node, i) => [node.uniqueId, i]));
  const edges = lineageEdges(nodes, numberOf);
  const folders = sortedUnique(nodes.map(folderOf));
  const folderNumber = new Map(folders.map((folder, i) => [folder, i]));
  const tests = testsByNode(nodes, numberOf);

  const docsNodes = nodes.map((node) => toDocsNode(node, input, folderNumber.get(folderOf(node))!, tests, numberOf));
  for (const [parent, child] of edges) {
    docsNodes[child]!.parents.push(parent);
    docsNodes[parent]!.children.push(child);
  }

  const counts: Record<DocsResourceType, number> = {
    model: 0,
    seed: 0,
    source: 0,
    snapshot: 0,
    exposure: 0,
    test: 0,
    unit_test: 0,
  };
  for (const node of nodes) counts[node.resourceType]++;
  const overview = renderMarkdown(
    input.overviewMarkdown ?? defaultOverviewMarkdown(input.manifest.projectName, counts, input.adapterType),
  );
  const isTest = (v: number) => nodes[v]!.resourceType === 'test';
  // a unit test has no place in the graph: it reads no table, and its model's page lists it
  const isUnitTest = (v: number) => nodes[v]!.resourceType === 'unit_test';
  return {
    version: SITE_DATA_VERSION,
    project: {
      name: input.manifest.projectName,
      overviewHtml: overview.html,
      adapterType: input.adapterType,
      generatedAt: input.generatedAt.toISOString(),
      strataVersion: input.strataVersion,
      counts,
    },
    nodes: docsNodes,
    edges,
    layouts: {
      withoutTests: layoutLineage(nodes.length, edges, (v) => !isTest(v) && !isUnitTest(v)),
      withTests: layoutLineage(nodes.length, edges, (v) => !isUnitTest(v)),
    },
    tags: sortedUnique(docsNodes.flatMap((node) => node.tags)),
    folders,
  };
}

/** Parent -> child pairs from each node's `dependsOn`, repeats dropped, by child then parent order. */
function lineageEdges(nodes: ManifestNode[], numberOf: Map<string, number>): Array<[number, number]> {
  const edges: Array<[number, number]> = [];
  nodes.forEach((node, child) => {
    if (node.resourceType === 'unit_test') return;
    for (const parentId of new Set(node.dependsOn)) {
      const parent = numberOf.get(parentId);
      if (parent !== undefined) edges.push([parent, child]);
    }
  });
  return edges;
}

interface NodeTests {
  /** test numbers per tested node */
  all: Map<string, number[]>;
  /** column test labels per tested node, by lower-cased column name */
  byColumn: Map<string, Map<string, string[]>>;
  /** unit test numbers per tested model */
  unit: Map<string, number[]>;
}

/**
 * A generic test belongs to the node it is declared on (a relationships test also reads
 * its target, but is not a test *of* it); a singular test belongs to everything it reads.
 */
function testsByNode(nodes: ManifestNode[], numberOf: Map<string, number>): NodeTests {
  const all = new Map<string, number[]>();
  const byColumn = new Map<string, Map<string, string[]>>();
  const unit = new Map<string, number[]>();
  for (const test of nodes) {
    if (test.resourceType === 'unit_test') push(unit, test.modelId, numberOf.get(test.uniqueId)!);
    if (test.resourceType !== 'test') continue;
    const owners = test.attachedNode ? [test.attachedNode] : [...new Set(test.dependsOn)];
    for (const owner of owners) push(all, owner, numberOf.get(test.uniqueId)!);
    if (test.attachedNode && test.columnName) {
      const columns = byColumn.get(test.attachedNode) ?? new Map<string, string[]>();
      byColumn.set(test.attachedNode, columns);
      push(columns, test.columnName.toLowerCase(), columnTestLabel(test));
    }
  }
  return { all, byColumn, unit };
}

function toDocsNode(
  node: DocumentedNode,
  input: SiteDataInput,
  folder: number,
  tests: NodeTests,
  numberOf: Map<string, number>,
): DocsNode {
  const description = renderMarkdown(
    node.resourceType === 'source' ? node.description || node.sourceDescription : node.description,
  );
  const docs: DocsNode = {
    uniqueId: node.uniqueId,
    name: node.name,
    resourceType: node.resourceType,
    label: labelOf(node),
    file: toPosixPath(node.origin.file),
    folder,
    descriptionHtml: description.html,
    descriptionText: description.text,
    materialization: materializationOf(node),
    tags: tagsOf(node),
    columns: [],
    parents: [],
    children: [],
    tests: tests.all.get(node.uniqueId) ?? [],
  };
  if (node.origin.line !== undefined) docs.line = node.origin.line;
  const compiled = input.compiledSql?.get(node.uniqueId);
  if (compiled !== undefined) docs.compiledSql = compiled;
  if (node.resourceType === 'test') return withTestFields(docs, node);
  if (node.resourceType === 'unit_test') return { ...docs, unitTest: docsUnitTest(node, numberOf.get(node.modelId)!) };
  if (node.resourceType === 'exposure') return { ...docs, exposure: docsExposure(node) };
  if (docs.materialization !== 'ephemeral') docs.relation = input.renderRelation(node.relation);
  if (node.resourceType === 'model' || node.resourceType === 'snapshot') docs.rawSql = node.rawSql;
  if (node.resourceType === 'snapshot') docs.snapshot = docsSnapshot(node);
  const unitTests = tests.unit.get(node.uniqueId);
  if (unitTests) docs.unitTests = unitTests;
  docs.columns = docsColumns({
    declared: node.columns,
    catalog: catalogTableOf(input.catalog, node.uniqueId),
    declaredTypes: node.resourceType === 'seed' ? node.config.columnTypes : undefined,
    tests: tests.byColumn.get(node.uniqueId) ?? new Map(),
  });
  return docs;
}

function withTestFields(docs: DocsNode, test: TestNode): DocsNode {
  if (test.rawSql.trim() !== '') docs.rawSql = test.rawSql;
  docs.testKind = testKind(test);
  if (test.columnName) docs.testColumn = test.columnName;
  return docs;
}

function materializationOf(node: ManifestNode): string {
  if (node.resourceType === 'model') return node.config.materialized;
  // what the others are is their type (a snapshot's config says `snapshot` too)
  return node.resourceType;
}

/** `stg_orders`; a source as `source_name.table_name`; an exposure by its label when it has one. */
function labelOf(node: DocumentedNode): string {
  if (node.resourceType === 'source') return `${node.sourceName}.${node.tableName}`;
  if (node.resourceType === 'exposure') return node.label ?? node.name;
  return node.name;
}

/** The parser copies config tags to the node; either may be what a caller filled in. */
function tagsOf(node: ManifestNode): string[] {
  return sortedUnique([...node.tags, ...node.config.tags]);
}

/** Project-relative folder of a node's file; `.` for the project root. */
function folderOf(node: ManifestNode): string {
  return posix.dirname(toPosixPath(node.origin.file));
}

function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
