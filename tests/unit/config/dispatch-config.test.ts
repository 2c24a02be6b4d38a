import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../src/config/project.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

function load(dispatch: string) {
  return loadProject(tempProject({ 'dbt_project.yml': `name: shop\ndispatch:\n${dispatch}` }));
}

describe('dispatch: in dbt_project.yml', () => {
  it('reads each macro namespace with its search order and line, without a no-effect warning', () => {
    const project = load('  - macro_namespace: dbt_utils\n    search_order: [shop, dbt_utils]\n');
    expect(project.dispatch).toEqual([
      {
        macroNamespace: 'dbt_utils',
        searchOrder: ['shop', 'dbt_utils'],
        location: { file: 'dbt_project.yml', line: 3 },
      },
    ]);
    expect(project.warnings).toEqual([]);
  });

  it('rejects an unknown key, a missing search order and a namespace configured twice, at their line', () => {
    expectStrataError(() => load('  - macro_namespace: dbt_utils\n    search_ordr: [shop]\n'), {
      line: 4,
      hint: /search_order/,
    });
    expectStrataError(() => load('  - macro_namespace: dbt_utils\n'), {
      line: 3,
      message: 'The dispatch of "dbt_utils" has no search_order',
    });
    expectStrataError(
      () =>
        load(
          '  - macro_namespace: dbt_utils\n    search_order: [shop]\n' +
            '  - macro_namespace: dbt_utils\n    search_order: [dbt_utils]\n',
        ),
      { line: 5, message: 'The dispatch of "dbt_utils" is configured twice' },
    );
  });
});
