import { describe, expect, it } from 'vitest';
import { closestMatch, didYouMean, levenshtein } from '../../../src/config/closest-match.js';

describe('levenshtein', () => {
  it('counts single edits', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('same', 'same')).toBe(0);
  });
});

describe('closestMatch', () => {
  const candidates = ['stg_orders', 'stg_users', 'dim_users', 'fct_orders'];

  it('finds a typo', () => {
    expect(closestMatch('stg_order', candidates)).toBe('stg_orders');
    expect(closestMatch('dim_usres', candidates)).toBe('dim_users');
  });

  it('ignores case, dashes and underscores', () => {
    expect(closestMatch('model_paths', ['model-paths', 'seed-paths'])).toBe('model-paths');
    expect(closestMatch('STG_USERS', candidates)).toBe('stg_users');
  });

  it('returns undefined when nothing is close', () => {
    expect(closestMatch('revenue_by_month', candidates)).toBeUndefined();
    expect(closestMatch('x', [])).toBeUndefined();
  });

  it('formats a suggestion', () => {
    expect(didYouMean('descripton', ['description', 'name'])).toBe('Did you mean "description"?');
    expect(didYouMean('zzz', ['description'])).toBe('');
  });
});
