/**
 * What the docs site shows of the node kinds beyond models, seeds, sources and data tests:
 * a snapshot's strategy, an exposure's owner and address, a unit test's rows in and out.
 */
import type { ExposureNode, SnapshotNode, UnitTestNode } from '../manifest/types.js';
import type { FixtureRows } from '../unit-tests/unit-test-node.js';
import type { DocsExposure, DocsRows, DocsSnapshot, DocsUnitTest } from './site-data.js';

export function docsSnapshot(node: SnapshotNode): DocsSnapshot {
  const { strategy, uniqueKey, updatedAt, checkCols, hardDeletes } = node.snapshot;
  return {
    strategy,
    uniqueKey,
    hardDeletes,
    ...(updatedAt === undefined ? {} : { updatedAt }),
    ...(checkCols === undefined ? {} : { checkCols }),
  };
}

/** Only an http(s) address becomes a link: a `javascript:` url written in YAML is dropped. */
export function docsExposure(node: ExposureNode): DocsExposure {
  const url = node.url !== undefined && /^https?:\/\//i.test(node.url) ? node.url : undefined;
  return {
    type: node.exposureType,
    ...(node.maturity === undefined ? {} : { maturity: node.maturity }),
    ...(url === undefined ? {} : { url }),
    ...(node.owner.name === undefined ? {} : { ownerName: node.owner.name }),
    ...(node.owner.email === undefined ? {} : { ownerEmail: node.owner.email }),
  };
}

export function docsUnitTest(node: UnitTestNode, modelNumber: number): DocsUnitTest {
  return {
    model: modelNumber,
    given: node.given.map((input) => ({ input: input.input, rows: docsRows(input.rows) })),
    expect: docsRows(node.expect),
  };
}

/** Rows as a table of text (columns in the order they first appear), or the query of `format: sql`. */
function docsRows(rows: FixtureRows): DocsRows {
  if (rows.format === 'sql') return { sql: rows.sql };
  const columns = [...new Set(rows.rows.flatMap((row) => Object.keys(row)))];
  return {
    columns,
    rows: rows.rows.map((row) => columns.map((column) => cellText(row[column]))),
  };
}

function cellText(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'null';
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
