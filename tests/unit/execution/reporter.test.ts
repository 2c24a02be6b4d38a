import { describe, expect, it } from 'vitest';
import { Reporter } from '../../../src/execution/reporter.js';

/** A reporter whose lines are captured without their timestamp. */
function capture(color = false): { reporter: Reporter; lines: string[] } {
  const lines: string[] = [];
  const reporter = new Reporter((line) => lines.push(line.replace(/^\d\d:\d\d:\d\d {2}/, '')), color);
  return { reporter, lines };
}

describe('Reporter progress lines', () => {
  it("fills the text with dots to dbt's 80 characters, then the status, whatever its length", () => {
    const { reporter, lines } = capture();
    reporter.start(1, 5, 'sql view model main.orders');
    reporter.result(1, 5, 'ok', 'OK created sql view model main.orders', 'OK', 0.37);
    // as dbt-core 1.11 prints them on the same model
    expect(lines).toEqual([
      '1 of 5 START sql view model main.orders ........................................ [RUN]',
      '1 of 5 OK created sql view model main.orders ................................... [OK in 0.37s]',
    ]);
  });

  it('counts the text without its colours, and writes no dots after a text that fills the width', () => {
    const { reporter, lines } = capture(true);
    reporter.result(2, 5, 'error', 'ERROR creating sql table model main.orders', 'ERROR', 0.5);
    const plain = lines[0]!.replace(/\x1b\[\d+m/g, ''); // eslint-disable-line no-control-regex
    expect(plain.indexOf(' [ERROR in 0.50s]')).toBe(80);
    const long = `sql view model main.${'x'.repeat(80)}`;
    const { reporter: wide, lines: wideLines } = capture();
    wide.start(3, 5, long);
    expect(wideLines[0]).toBe(`3 of 5 START ${long}  [RUN]`);
  });
});
