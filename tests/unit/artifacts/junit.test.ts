import { describe, expect, it } from 'vitest';
import { escapeXml, junitXml } from '../../../src/artifacts/junit.js';
import type { NodeResult } from '../../../src/artifacts/run-results-json.js';
import { fixtureManifest, notNullTest, singularTest, sourceTest, stgOrders } from './fixture-manifest.js';

const result = (uniqueId: string, status: NodeResult['status'], extra: Partial<NodeResult> = {}): NodeResult => ({
  uniqueId,
  status,
  timings: [],
  threadId: 'Thread-1',
  executionTime: 0.5,
  ...extra,
});

describe('junitXml', () => {
  const xml = junitXml(
    [
      result(stgOrders.uniqueId, 'success'),
      result(notNullTest.uniqueId, 'fail', { failures: 3, message: 'Got 3 results <& "quoted">' }),
      result(sourceTest.uniqueId, 'warn', { failures: 1, message: '1 failing row' }),
      result(singularTest.uniqueId, 'skipped', { message: 'upstream failed' }),
      result('test.shop.gone', 'error', { message: 'boom' }),
    ],
    fixtureManifest(),
    { timestamp: new Date('2025-01-01T00:00:00Z') },
  );

  it('writes one suite with counts over data tests only', () => {
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
    expect(xml).toContain(
      '<testsuite name="strata" tests="3" failures="1" errors="0" skipped="1" time="1.500" ' +
        'timestamp="2025-01-01T00:00:00.000Z">',
    );
    expect(xml).not.toContain('stg_orders" classname');
    expect(xml.match(/<testcase /g)).toHaveLength(3);
  });

  it('writes a failure with its escaped message and failure count', () => {
    expect(xml).toContain(
      '<testcase name="not_null_stg_orders_order_id" classname="stg_orders" time="0.500">\n' +
        '      <failure message="Got 3 results &lt;&amp; &quot;quoted&quot;&gt;" type="fail">3 failing rows</failure>',
    );
  });

  it('writes a warning as a passing case with system-out, classname source.table', () => {
    expect(xml).toContain(
      '<testcase name="not_null_source_bronze_orders_id" classname="bronze.orders" time="0.500">\n' +
        '      <system-out>WARN: 1 failing row</system-out>',
    );
  });

  it('writes skipped singular tests', () => {
    expect(xml).toContain(
      '<testcase name="assert_positive_totals" classname="singular" time="0.500">\n' +
        '      <skipped message="upstream failed"/>',
    );
  });

  it('writes errors and passes', () => {
    const other = junitXml(
      [result(notNullTest.uniqueId, 'error', { message: 'Catalog Error: x' }), result(singularTest.uniqueId, 'pass')],
      fixtureManifest(),
    );
    expect(other).toContain('<error message="Catalog Error: x" type="error">Catalog Error: x</error>');
    expect(other).toContain('<testcase name="assert_positive_totals" classname="singular" time="0.500"/>');
    expect(other).toContain('errors="1"');
  });
});

describe('escapeXml', () => {
  it('escapes markup and drops characters XML cannot carry', () => {
    expect(escapeXml(`a<b>&"c"'d'\u0000\u0007e\tf\n`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;e\tf\n');
    expect(escapeXml('emoji 😀 ok')).toBe('emoji 😀 ok');
  });
});
