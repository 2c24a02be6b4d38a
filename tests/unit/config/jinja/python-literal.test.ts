import { describe, expect, it } from 'vitest';
import { pythonLiteral } from '../../../../src/config/jinja/python-literal.js';

describe("pythonLiteral (Python's ast.literal_eval, for as_native/as_bool/as_number)", () => {
  it('reads numbers, strings, True/False/None and nested lists, tuples and dicts', () => {
    expect(pythonLiteral('42')).toBe(42);
    expect(pythonLiteral(' -1.5e2 ')).toBe(-150);
    expect(pythonLiteral('1_000')).toBe(1000);
    expect(pythonLiteral("'it\\'s'")).toBe("it's");
    expect(pythonLiteral('"a\\nb"')).toBe('a\nb');
    expect(pythonLiteral('True')).toBe(true);
    expect(pythonLiteral('None')).toBeNull();
    expect(pythonLiteral("[1, 'a', (2, 3), {'k': [None]},]")).toEqual([1, 'a', [2, 3], { k: [null] }]);
    expect(pythonLiteral('{}')).toEqual({});
  });

  it('is undefined for anything that is not a literal', () => {
    for (const text of ['true', 'abc', '1 + 1', "'open", '[1, 2', '{1 2}', '1 2', '']) {
      expect(pythonLiteral(text), text).toBeUndefined();
    }
  });
});
