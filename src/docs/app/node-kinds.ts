/**
 * The parts of a node page particular to snapshots (strategy and keys), exposures (owner,
 * address, maturity) and unit tests (the rows given and expected, shown on the test's page
 * and on its model's).
 */
import type { DocsExposure, DocsRows, DocsSnapshot, DocsUnitTest, SiteData } from '../site-data.js';
import { h } from './dom.js';
import { nodeLink } from './node-badges.js';
import { section } from './page-section.js';

type Fact = [term: string, value: Node | string];

export function snapshotFacts(snapshot: DocsSnapshot): Fact[] {
  const facts: Fact[] = [
    ['Strategy', snapshot.strategy],
    ['Unique key', h('code', {}, snapshot.uniqueKey.join(', '))],
  ];
  if (snapshot.updatedAt) facts.push(['Updated at', h('code', {}, snapshot.updatedAt)]);
  if (snapshot.checkCols) {
    const cols = snapshot.checkCols === 'all' ? 'all' : snapshot.checkCols.join(', ');
    facts.push(['Check columns', h('code', {}, cols)]);
  }
  facts.push(['Hard deletes', snapshot.hardDeletes]);
  return facts;
}

export function exposureFacts(exposure: DocsExposure): Fact[] {
  const facts: Fact[] = [['Exposure type', exposure.type]];
  if (exposure.maturity) facts.push(['Maturity', exposure.maturity]);
  const owner = [exposure.ownerName, exposure.ownerEmail && `<${exposure.ownerEmail}>`].filter(Boolean).join(' ');
  if (owner) facts.push(['Owner', h('span', { class: 'exposure-owner' }, owner)]);
  // the generator keeps only http(s) addresses; checked again so no other scheme is ever a link
  if (exposure.url && /^https?:\/\//i.test(exposure.url)) {
    const link = h('a', { href: exposure.url, rel: 'noopener noreferrer', class: 'exposure-url' }, exposure.url);
    facts.push(['URL', link]);
  }
  return facts;
}

export function unitTestFacts(data: SiteData, test: DocsUnitTest): Fact[] {
  const model = data.nodes[test.model];
  return model ? [['Tests model', nodeLink(model)]] : [];
}

/** The rows a unit test gives its model's inputs and the rows it expects back. */
export function unitTestRows(test: DocsUnitTest): HTMLElement {
  return h(
    'div',
    { class: 'unit-test-rows' },
    ...test.given.map((input) => section(`Given ${input.input}`, rowsTable(input.rows), 'given')),
    section('Expect', rowsTable(test.expect), 'expect'),
  );
}

/** A model's unit tests, each with its rows. */
export function unitTestsSection(data: SiteData, tests: readonly number[]): HTMLElement {
  const items = tests
    .map((i) => data.nodes[i])
    .filter((test) => test?.unitTest !== undefined)
    .map((test) =>
      h(
        'div',
        { class: 'unit-test', 'data-unit-test': test!.name },
        h('h3', {}, nodeLink(test!)),
        unitTestRows(test!.unitTest!),
      ),
    );
  return section(`Unit tests (${items.length})`, h('div', {}, ...items), 'unit-tests');
}

function rowsTable(rows: DocsRows): HTMLElement {
  if ('sql' in rows) return h('pre', { class: 'sql' }, h('code', {}, rows.sql));
  if (!rows.rows.length) return h('p', { class: 'muted' }, 'No rows.');
  return h(
    'table',
    { class: 'data-table rows-table' },
    h('thead', {}, h('tr', {}, ...rows.columns.map((column) => h('th', {}, column)))),
    h('tbody', {}, ...rows.rows.map((row) => h('tr', {}, ...row.map((cell) => h('td', {}, cell))))),
  );
}
