/**
 * JUnit XML of the data tests of an invocation (`--junit FILE`), for CI systems that show
 * test reports: one testsuite, one testcase per data test.
 */
import type { Manifest, TestNode, UnitTestNode } from '../manifest/types.js';
import { getNode } from '../manifest/types.js';
import type { NodeResult } from './run-results-json.js';

/** Options of {@link junitXml}. */
export interface JunitOptions {
  /** testsuite name; default `strata` */
  suiteName?: string;
  /** invocation start, written as the suite's timestamp */
  timestamp?: Date;
}

/**
 * The results of data tests as JUnit XML. `classname` is the tested model (or
 * `source.table`), `singular` for singular tests. A warning is a passing testcase with
 * its message in system-out, so CI stays green as it does for the run itself.
 */
export function junitXml(results: NodeResult[], manifest: Manifest, options: JunitOptions = {}): string {
  const cases = results.flatMap((result) => {
    const node = getNode(manifest, result.uniqueId);
    return node?.resourceType === 'test' || node?.resourceType === 'unit_test' ? [{ result, node }] : [];
  });
  const count = (status: NodeResult['status']): number => cases.filter((c) => c.result.status === status).length;
  const totalTime = cases.reduce((sum, c) => sum + executionSeconds(c.result), 0);
  const suiteAttributes = [
    attribute('name', options.suiteName ?? 'strata'),
    attribute('tests', cases.length),
    attribute('failures', count('fail')),
    attribute('errors', count('error')),
    attribute('skipped', count('skipped')),
    attribute('time', seconds(totalTime)),
    ...(options.timestamp ? [attribute('timestamp', options.timestamp.toISOString())] : []),
  ].join(' ');
  const totals = [
    attribute('tests', cases.length),
    attribute('failures', count('fail')),
    attribute('errors', count('error')),
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${totals.join(' ')}>`,
    `  <testsuite ${suiteAttributes}>`,
    ...cases.map(({ result, node }) => testCase(result, node, manifest)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function testCase(result: NodeResult, node: TestNode | UnitTestNode, manifest: Manifest): string {
  const caseAttributes = [
    attribute('name', node.name),
    attribute('classname', className(node, manifest)),
    attribute('time', seconds(executionSeconds(result))),
  ].join(' ');
  const open = `    <testcase ${caseAttributes}`;
  const withBody = (body: string) => `${open}>\n      ${body}\n    </testcase>`;
  const failures = result.failures ?? 0;
  const message = result.message ?? `${failures} failing rows`;
  switch (result.status) {
    case 'fail': {
      // a unit test's failure is its row diff
      const body = node.resourceType === 'unit_test' ? message : `${failures} failing rows`;
      return withBody(`<failure ${attribute('message', message)} type="fail">${escapeXml(body)}</failure>`);
    }
    case 'error':
      return withBody(`<error ${attribute('message', message)} type="error">${escapeXml(message)}</error>`);
    case 'skipped':
      return withBody(`<skipped${result.message ? ` ${attribute('message', result.message)}` : ''}/>`);
    case 'warn':
      return withBody(`<system-out>${escapeXml(`WARN: ${message}`)}</system-out>`);
    default:
      return `${open}/>`;
  }
}

function className(node: TestNode | UnitTestNode, manifest: Manifest): string {
  if (node.resourceType === 'unit_test') return node.model;
  const attached = node.attachedNode ? getNode(manifest, node.attachedNode) : undefined;
  if (!attached) return 'singular';
  return attached.resourceType === 'source' ? `${attached.sourceName}.${attached.tableName}` : attached.name;
}

function executionSeconds(result: NodeResult): number {
  if (result.executionTime !== undefined) return result.executionTime;
  return result.timings.reduce((sum, t) => sum + (t.completedAt.getTime() - t.startedAt.getTime()) / 1000, 0);
}

function seconds(value: number): string {
  return value.toFixed(3);
}

function attribute(name: string, value: string | number): string {
  // Parsers normalise raw newlines in attributes to spaces; character references survive.
  const escaped = escapeXml(String(value)).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
  return `${name}="${escaped}"`;
}

/**
 * Escape text for XML content and attributes, dropping characters XML 1.0 cannot carry
 * at all (control characters from warehouse error messages would make the file unreadable).
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
