import { describe, expect, it } from 'vitest';
import { compareSemVer, parseSemVer, parseSpecifier, satisfies } from '../../../src/config/version-range.js';

const version = (text: string) => {
  const parsed = parseSemVer(text);
  if (!parsed) throw new Error(`not a version: ${text}`);
  return parsed;
};

describe('version ranges', () => {
  it('orders versions by number, a pre-release before its release', () => {
    const ordered = ['0.21.1', '1.0.0-b1', '1.0.0-b2', '1.0.0-rc.1', '1.0.0', '1.2.0', '1.10.0', '1.10.23', '2.0.0'];
    for (let index = 1; index < ordered.length; index += 1) {
      expect(compareSemVer(version(ordered[index - 1]!), version(ordered[index]!)), ordered[index]).toBeLessThan(0);
      expect(compareSemVer(version(ordered[index]!), version(ordered[index - 1]!)), ordered[index]).toBeGreaterThan(0);
    }
    expect(compareSemVer(version('1.10.2+build.5'), version('1.10.2'))).toBe(0);
    expect(compareSemVer(version('1.0.0-alpha.2'), version('1.0.0-alpha.10'))).toBeLessThan(0);
  });

  it('checks each comparison', () => {
    const v = version('1.10.23');
    const check = (text: string) => satisfies(v, parseSpecifier(text)!);
    expect(['>=1.10.23', '>1.10.0', '<=1.10.23', '<1.11.0', '=1.10.23', '1.10.23', '> 1.9.9'].map(check)).toEqual(
      Array(7).fill(true),
    );
    expect(['>=1.11.0', '>1.10.23', '<=1.10.22', '<1.10.23', '=1.10.0', '1.9.0'].map(check)).toEqual(
      Array(6).fill(false),
    );
  });

  it('refuses what is not a specifier', () => {
    for (const text of ['latest', '>=1.8', '~>1.8.0', '>=', '1.8.0.1', ''])
      expect(parseSpecifier(text), text).toBeUndefined();
  });
});
