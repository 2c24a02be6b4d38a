import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, queryDuckDb, strata } from '../support/cli.js';

describe('strata seed with a column_types entry naming no column', () => {
  it('loads the seed, warns with the closest column name, and still applies the other entries', async () => {
    const dir = copyFixture('basic');
    const seedsYaml = join(dir, 'seeds/_seeds.yml');
    const original = readFileSync(seedsYaml, 'utf8');
    writeFileSync(seedsYaml, original.replace(/^(\s+)amount: (.+)$/m, '$1amount: $2\n$1amonut: INTEGER'));
    expect(readFileSync(seedsYaml, 'utf8')).toContain('amonut: INTEGER');

    const result = await strata(['seed'], { cwd: dir });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "[WARNING]: seeds/orders.csv: column_types names 'amonut', which is not a column of this seed " +
        "(did you mean 'amount'?); it has no effect.",
    );
    const [amount] = await queryDuckDb(
      join(dir, 'target/basic.duckdb'),
      "select data_type from information_schema.columns where table_name = 'orders' and column_name = 'amount'",
    );
    expect(amount).toEqual({ data_type: 'DECIMAL(10,2)' });
  });
});
