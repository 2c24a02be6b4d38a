import { describe, expect, it } from 'vitest';
import { nodePath, originalFilePath, targetWritePath } from '../../../src/artifacts/node-paths.js';
import { notNullTest, seed, singularTest, source, stgOrders } from './fixture-manifest.js';

describe('node paths', () => {
  it.each([
    ['model', stgOrders, 'models/staging/stg_orders.sql', 'staging/stg_orders.sql', 'models/staging/stg_orders.sql'],
    ['seed', seed, 'seeds/countries.csv', 'countries.csv', 'seeds/countries.csv'],
    ['source', source, 'models/staging/sources.yml', 'models/staging/sources.yml', 'models/staging/sources.yml'],
    [
      'generic test',
      notNullTest,
      'models/staging/schema.yml',
      'not_null_stg_orders_order_id.sql',
      'models/staging/schema.yml/not_null_stg_orders_order_id.sql',
    ],
    [
      'singular test',
      singularTest,
      'tests/data/assert_positive_totals.sql',
      'assert_positive_totals.sql',
      'tests/data/assert_positive_totals.sql',
    ],
  ] as const)('%s', (_kind, node, original, path, write) => {
    expect(originalFilePath(node)).toBe(original);
    expect(nodePath(node)).toBe(path);
    expect(targetWritePath(node)).toBe(write);
  });
});
