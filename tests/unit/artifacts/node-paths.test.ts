import { describe, expect, it } from 'vitest';
import { nodePath, originalFilePath, targetWritePath } from '../../../src/artifacts/node-paths.js';
import type { ModelNode, TestNode } from '../../../src/manifest/types.js';
import { notNullTest, seed, singularTest, source, stgOrders } from './fixture-manifest.js';

// nodes of a package installed below packages-install-path: vendor: named from the package's folder
const packageRoot = 'vendor/money';
const packageModel: ModelNode = {
  ...stgOrders,
  packageName: 'money',
  fqn: ['money', 'staging', 'stg_orders'],
  origin: { file: `${packageRoot}/models/staging/stg_orders.sql`, packageRoot },
};
const packageTest: TestNode = {
  ...notNullTest,
  packageName: 'money',
  origin: { file: `${packageRoot}/models/staging/schema.yml`, line: 9, packageRoot },
};
// the root project's own folder that happens to be called dbt_packages is not a package
const rootModelInPackagesLikeFolder: ModelNode = {
  ...stgOrders,
  fqn: ['shop', 'x', 'stg_orders'],
  origin: { file: 'dbt_packages/x/stg_orders.sql' },
};

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
    [
      'package model',
      packageModel,
      'models/staging/stg_orders.sql',
      'staging/stg_orders.sql',
      'models/staging/stg_orders.sql',
    ],
    [
      'package generic test',
      packageTest,
      'models/staging/schema.yml',
      'not_null_stg_orders_order_id.sql',
      'models/staging/schema.yml/not_null_stg_orders_order_id.sql',
    ],
    [
      'root model below a folder named dbt_packages',
      rootModelInPackagesLikeFolder,
      'dbt_packages/x/stg_orders.sql',
      'x/stg_orders.sql',
      'dbt_packages/x/stg_orders.sql',
    ],
  ] as const)('%s', (_kind, node, original, path, write) => {
    expect(originalFilePath(node)).toBe(original);
    expect(nodePath(node)).toBe(path);
    expect(targetWritePath(node)).toBe(write);
  });
});
