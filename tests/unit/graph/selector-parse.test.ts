import { describe, expect, it } from 'vitest';
import { StrataError } from '../../../src/errors/strata-error.js';
import { parseCriterion, parseSelectors } from '../../../src/graph/selector-parse.js';

function parseError(text: string): StrataError {
  try {
    parseSelectors([text]);
  } catch (error) {
    expect(error).toBeInstanceOf(StrataError);
    return error as StrataError;
  }
  throw new Error(`expected '${text}' to be rejected`);
}

describe('parseSelectors', () => {
  it('splits arguments on spaces (union) and commas (intersection)', () => {
    const union = parseSelectors(['a tag:x,config.materialized:view', ' b ', '']);
    expect(union.map((i) => i.map((c) => c.raw))).toEqual([['a'], ['tag:x', 'config.materialized:view'], ['b']]);
    expect(parseSelectors([])).toEqual([]);
  });

  it('reads methods, config keys and values', () => {
    expect(parseCriterion('tag:nightly')).toMatchObject({ method: 'tag', value: 'nightly', implicit: false });
    expect(parseCriterion('config.materialized:view')).toMatchObject({
      method: 'config',
      configKey: ['materialized'],
      value: 'view',
    });
    expect(parseCriterion('source:bronze.orders')).toMatchObject({ method: 'source', value: 'bronze.orders' });
    expect(parseCriterion('state:modified.body')).toMatchObject({ method: 'state', value: 'modified.body' });
  });

  it('defaults to fqn for names and to path for path-like values', () => {
    expect(parseCriterion('stg_orders')).toMatchObject({ method: 'fqn', implicit: true });
    expect(parseCriterion('shop.staging')).toMatchObject({ method: 'fqn' });
    expect(parseCriterion('models/staging')).toMatchObject({ method: 'path', value: 'models/staging' });
    expect(parseCriterion('stg_orders.sql')).toMatchObject({ method: 'path' });
  });

  it('reads graph operators and depths', () => {
    expect(parseCriterion('+x')).toMatchObject({ value: 'x', ancestorsDepth: Infinity, descendantsDepth: undefined });
    expect(parseCriterion('x+')).toMatchObject({ value: 'x', ancestorsDepth: undefined, descendantsDepth: Infinity });
    expect(parseCriterion('2+tag:a+1')).toMatchObject({
      method: 'tag',
      value: 'a',
      ancestorsDepth: 2,
      descendantsDepth: 1,
    });
    expect(parseCriterion('@x')).toMatchObject({ value: 'x', childrensParents: true });
  });

  it('rejects an unknown method with the closest one and the valid list', () => {
    const error = parseError('tagg:x');
    expect(error.message).toBe("Invalid selector 'tagg:x': unknown method 'tagg'. Did you mean 'tag'?");
    expect(error.hint).toContain('Valid methods: fqn, tag, path');
    expect(parseError('resource-type:model').message).toContain("Did you mean 'resource_type'?");
    expect(parseError('materialized:view').message).toContain("Did you mean 'config.materialized'?");
  });

  it('rejects empty values, empty parts and a bare config method', () => {
    expect(parseError('tag:').message).toContain("there is no value after 'tag:'");
    expect(parseError('a,,b').message).toContain('empty part');
    expect(parseError('a,').message).toContain('empty part');
    expect(parseError('+').message).toContain('only graph operators');
    expect(parseError('config:view').message).toContain('config.<key>');
    expect(parseError('config.:view').message).toContain('config.<key>');
  });

  it('rejects malformed graph operators', () => {
    expect(parseError('x+a').message).toContain('graph operator is malformed');
    expect(parseError('++x').message).toContain('graph operator is malformed');
    expect(parseError('x+1.5').message).toContain('graph operator is malformed');
    expect(parseError('@+x').message).toContain("'@' and a leading '+'");
  });

  it('rejects values outside a closed list, with a suggestion', () => {
    expect(parseError('resource_type:modle').message).toContain("Did you mean 'resource_type:model'?");
    expect(parseError('test_type:generik').message).toContain("Did you mean 'test_type:generic'?");
    expect(parseError('state:modifed').message).toContain("Did you mean 'state:modified'?");
  });
});
