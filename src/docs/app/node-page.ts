/**
 * `#/node/<uniqueId>`: one model, source, seed, snapshot, exposure, test or unit test.
 * Descriptions are the generator's sanitized HTML; every other value is inserted as text.
 */
import type { DocsColumn, DocsNode, SiteData } from '../site-data.js';
import { h } from './dom.js';
import { nodeLink, tagChips, typeBadge } from './node-badges.js';
import { TYPE_LABELS } from './palette.js';
import { lineageHref } from './routes.js';
import { section } from './page-section.js';
import { setSanitizedHtml } from './safe-html.js';
import { exposureFacts, snapshotFacts, unitTestFacts, unitTestRows, unitTestsSection } from './node-kinds.js';

export function nodePage(data: SiteData, node: DocsNode): HTMLElement {
  const parents = node.parents.map((i) => data.nodes[i]!).filter(Boolean);
  // tests are listed on their own; "referenced by" is what builds on this node
  const children = node.children.map((i) => data.nodes[i]!).filter((child) => child && child.resourceType !== 'test');
  const tests = node.tests.map((i) => data.nodes[i]!).filter(Boolean);
  // what a relation in the warehouse has: columns and data tests
  const hasColumns = !['test', 'unit_test', 'exposure'].includes(node.resourceType);
  const isUnitTest = node.resourceType === 'unit_test';

  return h(
    'article',
    { class: 'page node-page', 'data-unique-id': node.uniqueId },
    h('p', { class: 'page-kicker' }, typeBadge(node.resourceType), ' ', h('code', {}, node.uniqueId)),
    h('h1', { class: 'node-title' }, node.label),
    // a unit test reads no table: it is not in the graph
    isUnitTest
      ? null
      : h(
          'p',
          { class: 'actions' },
          h('a', { class: 'button primary', href: lineageHref(lineageParams(node)) }, 'View lineage'),
        ),
    facts(data, node),
    section('Description', description(node.descriptionHtml, 'No description.'), 'description'),
    node.unitTest ? unitTestRows(node.unitTest) : null,
    hasColumns ? section(`Columns (${node.columns.length})`, columnsTable(node.columns), 'columns') : null,
    hasColumns ? section(`Tests (${tests.length})`, testsTable(tests), 'tests') : null,
    node.unitTests ? unitTestsSection(data, node.unitTests) : null,
    isUnitTest
      ? null
      : section(
          `Depends on (${parents.length})`,
          linkList(parents, 'Nothing: this is where data enters.'),
          'depends-on',
        ),
    isUnitTest
      ? null
      : section(
          `Referenced by (${children.length})`,
          linkList(children, 'Nothing depends on it yet.'),
          'referenced-by',
        ),
    node.rawSql !== undefined || node.compiledSql !== undefined ? sqlSection(node) : null,
  );
}

/** A test is only drawn in the layout with tests, so its lineage link turns them on. */
function lineageParams(node: DocsNode): Record<string, string> {
  return node.resourceType === 'test'
    ? { focus: node.uniqueId, types: 'model,source,seed,snapshot,exposure,test' }
    : { focus: node.uniqueId };
}

function facts(data: SiteData, node: DocsNode): HTMLElement {
  const rows: Array<[string, Node | string]> = [['Type', TYPE_LABELS[node.resourceType].one]];
  if (!['exposure', 'unit_test'].includes(node.resourceType)) rows.push(['Materialization', node.materialization]);
  if (node.snapshot) rows.push(...snapshotFacts(node.snapshot));
  if (node.exposure) rows.push(...exposureFacts(node.exposure));
  if (node.unitTest) rows.push(...unitTestFacts(data, node.unitTest));
  if (node.relation) rows.push(['Relation', h('code', {}, node.relation)]);
  if (node.testKind) rows.push(['Test', node.testKind]);
  if (node.testColumn) rows.push(['Column', h('code', {}, node.testColumn)]);
  rows.push(['File', h('code', {}, node.line ? `${node.file}:${node.line}` : node.file)]);
  rows.push(['Folder', h('code', {}, data.folders[node.folder] ?? '')]);
  if (node.tags.length) rows.push(['Tags', tagChips(node.tags)]);
  return h('dl', { class: 'facts' }, ...rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

function description(html: string, empty: string): HTMLElement {
  const element = h('div', { class: 'markdown' });
  if (html.trim()) setSanitizedHtml(element, html);
  else element.append(h('p', { class: 'muted' }, empty));
  return element;
}

function columnsTable(columns: readonly DocsColumn[]): HTMLElement {
  if (!columns.length) return h('p', { class: 'muted' }, 'No columns documented.');
  return h(
    'table',
    { class: 'data-table columns-table' },
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, 'Column'), h('th', {}, 'Type'), h('th', {}, 'Description'), h('th', {}, 'Tests')),
    ),
    h(
      'tbody',
      {},
      ...columns.map((column) => {
        const text = h('div', { class: 'markdown compact' });
        if (column.descriptionHtml.trim()) setSanitizedHtml(text, column.descriptionHtml);
        return h(
          'tr',
          { 'data-column': column.name },
          h('td', {}, h('code', { class: 'column-name' }, column.name)),
          h('td', { class: 'column-type' }, column.type),
          h('td', {}, text),
          h('td', { class: 'column-tests' }, tagChips(column.tests)),
        );
      }),
    ),
  );
}

function testsTable(tests: readonly DocsNode[]): HTMLElement {
  if (!tests.length) return h('p', { class: 'muted' }, 'No tests.');
  return h(
    'table',
    { class: 'data-table tests-table' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Test'), h('th', {}, 'Kind'), h('th', {}, 'Column'))),
    h(
      'tbody',
      {},
      ...tests.map((test) =>
        h(
          'tr',
          {},
          h('td', {}, nodeLink(test)),
          h('td', {}, test.testKind ?? ''),
          h('td', {}, test.testColumn ? h('code', {}, test.testColumn) : ''),
        ),
      ),
    ),
  );
}

function linkList(nodes: readonly DocsNode[], empty: string): HTMLElement {
  if (!nodes.length) return h('p', { class: 'muted' }, empty);
  return h('ul', { class: 'link-list' }, ...nodes.map((node) => h('li', {}, nodeLink(node))));
}

function sqlSection(node: DocsNode): HTMLElement {
  const block = (title: string, sql: string | undefined, key: string) =>
    sql === undefined
      ? null
      : h(
          'div',
          { class: 'sql-block', 'data-sql': key },
          h('h3', {}, title),
          h('pre', { class: 'sql' }, h('code', {}, sql)),
        );
  return section(
    'SQL',
    h('div', {}, block('Source', node.rawSql, 'raw'), block('Compiled', node.compiledSql, 'compiled')),
    'sql',
  );
}
