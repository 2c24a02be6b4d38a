import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, queryDuckDb, strata, type CliResult } from '../support/cli.js';

// The fixture's macros use do, return, varargs/kwargs, call/caller, namespace, loop, Python
// methods, Jinja tests and filters; its compiled SQL is what Jinja2 renders from the same files.
describe('strata build on macros written in dbt-style Jinja (DuckDB)', () => {
  let dir: string;
  let build: CliResult;

  beforeAll(async () => {
    dir = copyFixture('jinja-macros');
    build = await strata(['build'], { cwd: dir });
  });

  const db = () => join(dir, 'target/jinja_macros.duckdb');

  it('builds every model', () => {
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(/Done\. PASS=3 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=3/);
  });

  it('pivots payments with a macro given a list from another macro, kwargs and a call block', async () => {
    const rows = await queryDuckDb(
      db(),
      'select order_id, paid_card_amount::double as card, paid_cash_amount::double as cash, ' +
        'paid_gift_amount::double as gift from main.order_payments order by order_id',
    );
    expect(rows).toEqual([
      { order_id: 10n, card: 12.5, cash: 0, gift: 3 },
      { order_id: 11n, card: 0, cash: 7, gift: 0 },
      { order_id: 13n, card: 0, cash: 5, gift: 0 },
    ]);
  });

  it('computes values with namespace, return of a dict, Python methods, tests and filters', async () => {
    const rows = await queryDuckDb(db(), 'select * from main.jinja_values');
    expect(rows).toEqual([
      {
        ok_count: 2,
        failed_count: 1,
        label: 'analytics',
        tags: 'a-b',
        owner_info: 'data:3',
        checks: true,
        settings_json: '{"owner": "data", "schema": "Analytics ", "tags": ["b", "a"]}',
        raw_text: '{{ kept }}',
      },
    ]);
    const compiled = readFileSync(join(dir, 'target/compiled/jinja_macros/models/order_payments.sql'), 'utf8');
    expect(compiled).toContain(
      "sum(case when lower(method) = 'cash' then amount else 0 end)\n    as paid_cash_amount,",
    );
  });
});
