import { describe, expect, it } from 'vitest';
import {
  highestAllowed,
  runsOnCompatibleDbt,
  intersect,
  parseConstraint,
  type VersionConstraint,
} from '../../../src/deps/version-constraint.js';

const AVAILABLE = ['0.9.0', '1.0.0', '1.1.1', '1.2.0', '2.0.0', '2.1.0-b1', '2.1.0'];

function constraint(...texts: string[]): VersionConstraint {
  const parsed = parseConstraint(texts);
  if ('invalid' in parsed) throw new Error(`invalid: ${parsed.invalid}`);
  return parsed;
}

describe('hub version constraints', () => {
  it('picks the highest published version inside a range', () => {
    expect(highestAllowed(constraint('>=1.0.0', '<2.0.0'), AVAILABLE, false)).toBe('1.2.0');
    expect(highestAllowed(constraint('>1.1.1', '<=2.0.0'), AVAILABLE, false)).toBe('2.0.0');
    expect(highestAllowed(constraint('<1.0.0'), AVAILABLE, false)).toBe('0.9.0');
  });

  it('reads an exact version, with or without "="', () => {
    expect(highestAllowed(constraint('1.1.1'), AVAILABLE, false)).toBe('1.1.1');
    expect(highestAllowed(constraint('=1.0.0'), AVAILABLE, false)).toBe('1.0.0');
    expect(highestAllowed(constraint('1.5.0'), AVAILABLE, false)).toBeUndefined();
  });

  it('leaves pre-releases out unless asked for, or named by a specifier', () => {
    expect(highestAllowed(constraint('>=2.0.0', '<2.1.0'), AVAILABLE, false)).toBe('2.0.0');
    expect(highestAllowed(constraint('>=2.0.0', '<2.1.0'), AVAILABLE, true)).toBe('2.1.0-b1');
    expect(highestAllowed(constraint('2.1.0b1'), AVAILABLE, false)).toBe('2.1.0-b1');
  });

  it('intersects the requirements of the same package, and finds none when they do not overlap', () => {
    const both = intersect(constraint('>=1.0.0', '<3.0.0'), constraint('>=0.5.0', '<2.0.0'));
    expect(both && highestAllowed(both, AVAILABLE, false)).toBe('1.2.0');
    expect(intersect(constraint('<2.0.0'), constraint('>=2.0.0'))).toBeUndefined();
    expect(intersect(constraint('<=2.0.0'), constraint('>=2.0.0'))).toBeDefined();
    expect(intersect(constraint('1.0.0'), constraint('1.1.1'))).toBeUndefined();
  });

  it('names the first text that is not a specifier, or that empties the range on its own', () => {
    expect(parseConstraint(['>=1.0.0', 'latest'])).toEqual({ invalid: 'latest' });
    expect(parseConstraint(['>=2.0.0', '<1.0.0'])).toEqual({ invalid: '<1.0.0' });
  });

  it("checks a version's require_dbt_version against the dbt version given", () => {
    expect(runsOnCompatibleDbt(['>=1.3.0', '<2.0.0'], '1.10.23')).toBe(true);
    expect(runsOnCompatibleDbt(['>=2.0.0'], '1.10.23')).toBe(false);
    expect(runsOnCompatibleDbt([], '1.10.23')).toBe(true);
  });
});
