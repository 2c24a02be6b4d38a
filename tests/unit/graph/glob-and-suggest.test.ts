import { describe, expect, it } from 'vitest';
import { closestMatch, levenshtein as editDistance } from '../../../src/config/closest-match.js';
import { globMatcher, globSource } from '../../../src/graph/glob.js';
import { stableJson } from '../../../src/graph/stable-json.js';

describe('glob', () => {
  it('matches * and ? and escapes everything else', () => {
    expect(globMatcher('stg_*')('stg_orders')).toBe(true);
    expect(globMatcher('stg_*')('xstg_orders')).toBe(false);
    expect(globMatcher('a?c')('abc')).toBe(true);
    expect(globMatcher('a.c')('abc')).toBe(false);
    expect(globMatcher('plain')('plain')).toBe(true);
  });

  it('keeps * within a folder in paths, ** crosses folders', () => {
    const one = new RegExp(`^${globSource('models/*/a.sql', { path: true })}$`);
    const any = new RegExp(`^${globSource('models/**/a.sql', { path: true })}$`);
    expect(one.test('models/x/a.sql')).toBe(true);
    expect(one.test('models/x/y/a.sql')).toBe(false);
    expect(any.test('models/x/y/a.sql')).toBe(true);
  });
});

describe('closestMatch', () => {
  it('suggests a near miss and nothing for a far one', () => {
    expect(closestMatch('tagg', ['tag', 'path', 'fqn'])).toBe('tag');
    expect(closestMatch('stg_ordrs', ['stg_orders', 'stg_users'])).toBe('stg_orders');
    expect(closestMatch('zzz', ['tag', 'path'])).toBeUndefined();
  });

  it('computes edit distances', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});

describe('stableJson', () => {
  it('ignores key order and null or undefined entries', () => {
    expect(stableJson({ b: 1, a: { d: [1, 2], c: null } })).toBe(stableJson({ a: { d: [1, 2] }, b: 1, e: undefined }));
    expect(stableJson({ a: [1, 2] })).not.toBe(stableJson({ a: [2, 1] }));
  });
});
