import { describe, expect, it } from 'vitest';
import { chunk } from '../../../src/aws/chunk.js';

describe('chunk', () => {
  it('splits into consecutive chunks of at most the size, keeping the order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 100)).toEqual([]);
    expect(() => chunk([1], 0)).toThrow('positive whole number');
  });
});
