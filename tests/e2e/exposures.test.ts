import { describe, expect, it } from 'vitest';
import { copyFixture, strata } from '../support/cli.js';

describe('exposures on the command line', () => {
  it('strata ls lists exposures by resource type and selects what one reads with +exposure:<name>', async () => {
    const dir = copyFixture('docs-node-kinds');
    const exposures = await strata(['ls', '--resource-type', 'exposure'], { cwd: dir });
    expect(exposures.code).toBe(0);
    expect(exposures.stdout.trim().split('\n')).toEqual(['exposure:crm.churn_notebook', 'exposure:crm.tier_board']);

    const upstream = await strata(['ls', '--select', '+exposure:tier_board', '--output', 'name'], { cwd: dir });
    expect(upstream.code).toBe(0);
    expect(upstream.stdout.trim().split('\n')).toEqual([
      'tier_board',
      'current_tiers',
      'customers',
      'customers_history',
      // the tests of what it reads come along, as dbt's eager selection has them
      'not_null_current_tiers_id',
      'keeps_current_rows_only',
    ]);
  });
});
