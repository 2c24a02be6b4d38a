import { describe, expect, it } from 'vitest';
import { unmatchedFolderWarnings } from '../../../src/config/unmatched-folders.js';

const FILES = [['staging', 'stg_orders'], ['staging', 'stg_customers'], ['marts', 'finance', 'revenue'], ['orders']];
const locate = (path: readonly string[]) => ({ file: 'project.yml', line: path.length });
/** How every warning about a model block that matches no file or folder reads after its name. */
const NO_MATCH = 'in project.yml matches no model file or folder; its config applies to nothing.';

describe('unmatchedFolderWarnings', () => {
  it('is silent when every block names a folder or file under the model paths', () => {
    const tree = {
      '+materialized': 'view',
      shop: {
        staging: { '+schema': 'staging', stg_orders: { '+materialized': 'table' } },
        marts: { finance: { '+tags': ['f'] } },
        orders: { '+enabled': true },
      },
    };
    expect(unmatchedFolderWarnings(tree, 'shop', FILES, 'models', locate)).toEqual([]);
    // without the project level, top-level blocks are the project's folders
    expect(unmatchedFolderWarnings({ staging: { '+schema': 's' } }, 'shop', FILES, 'models', locate)).toEqual([]);
  });

  it('warns once per block that matches nothing, at its line, with the closest folder', () => {
    const tree = {
      shop: { stagin: { '+schema': 'staging', deeper: { '+tags': ['x'] } }, marts: { finanse: { '+tags': ['f'] } } },
    };
    expect(unmatchedFolderWarnings(tree, 'shop', FILES, 'models', locate)).toEqual([
      `project.yml:3: "models.shop.stagin" ${NO_MATCH} Did you mean "staging"?`,
      `project.yml:4: "models.shop.marts.finanse" ${NO_MATCH} Did you mean "finance"?`,
    ]);
  });

  it('names the project file read, dbt_project.yml included', () => {
    const dbtLocate = (path: readonly string[]) => ({ file: 'dbt_project.yml', line: path.length });
    expect(
      unmatchedFolderWarnings({ shop: { stagin: { '+schema': 's' } } }, 'shop', FILES, 'models', dbtLocate),
    ).toEqual([
      `dbt_project.yml:3: "models.shop.stagin" ${NO_MATCH.replace('project.yml', 'dbt_project.yml')} ` +
        'Did you mean "staging"?',
    ]);
  });

  it('warns about a block beside the project level, which could only name a package', () => {
    const tree = { shop: { staging: { '+schema': 's' } }, dbt_utils: { '+schema': 'u' } };
    expect(unmatchedFolderWarnings(tree, 'shop', FILES, 'models', locate)).toEqual([
      'project.yml:2: "models.dbt_utils" in project.yml ' +
        'names no project (this one is "shop"); its config applies to nothing.',
    ]);
  });
});
