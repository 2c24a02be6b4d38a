/**
 * A commit-fed batch with `replace_key` and `replace_from` (src/feed/CONTEXT.md "Models fed by
 * their upstream"): the delta replaces each key's rows from its smallest `replace_from` on. The
 * delete also carries the delta's overall smallest value as a plain range, so the warehouse can
 * skip the table's older data instead of matching every row against the delta's keys.
 */
import { afterEach, expect, it } from 'vitest';
import type { Connection } from '../../../src/adapters/contract.js';
import { DuckDbAdapter } from '../../../src/adapters/duckdb/duckdb-adapter.js';
import { feedStaging, planFeedApply } from '../../../src/materializations/plan-commit-feed.js';
import { duckdb } from './fixtures.js';

const sessions = { schema: 'main', identifier: 'sessions' };
const columns = ['user_id', 'session_start', 'pages'].map((name) => ({ name, dataType: 'VARCHAR' }));

const adapters: DuckDbAdapter[] = [];
afterEach(async () => {
  for (const adapter of adapters.splice(0)) await adapter.close();
});

async function memory(): Promise<Connection> {
  const target = { name: 'dev', type: 'duckdb', schema: 'main', threads: 1, settings: { path: ':memory:' } };
  const adapter = await DuckDbAdapter.create(target, '/');
  adapters.push(adapter);
  return adapter.connect();
}

const apply = () =>
  planFeedApply(duckdb, {
    relation: sessions,
    existingColumns: columns,
    deltaColumns: columns,
    windows: [],
    replaceKey: ['user_id'],
    replaceFrom: 'session_start',
    state: [],
  });

it("bounds the replacing delete by the delta's smallest replace_from, as a range on the column", () => {
  const remove = apply().find((step) => step.purpose === 'delete the rows the delta replaces');
  expect(remove?.sql).toContain(
    `strata_target."session_start" >= (SELECT min("session_start") FROM "main"."sessions__strata_tmp_delta")`,
  );
});

it("replaces exactly each key's rows from its own smallest replace_from on", async () => {
  const connection = await memory();
  await connection.execute(`create table main.sessions (user_id varchar, session_start varchar, pages varchar)`);
  await connection.execute(
    `insert into main.sessions values ('a', '01', 'kept'), ('a', '05', 'old'), ('a', '09', 'old'),
       ('b', '02', 'kept'), ('b', '06', 'kept'), ('b', '08', 'old'), ('c', '07', 'kept')`,
  );
  // a from 05 on, b from 08 on; c is not in the batch, though its row lies after the batch's smallest start
  await connection.execute(
    `create table ${duckdb.renderRelation(feedStaging(sessions, 'delta'))} as
       select * from (values ('a', '05', 'new'), ('a', '10', 'new'), ('b', '08', 'new'))
         as t(user_id, session_start, pages)`,
  );
  for (const step of apply()) await connection.execute(step.sql);
  const rows = await connection.query(`select user_id, session_start, pages from main.sessions order by all`);
  expect(rows.rows.map((row) => `${row.user_id} ${row.session_start} ${row.pages}`)).toEqual([
    'a 01 kept',
    'a 05 new',
    'a 10 new',
    'b 02 kept',
    'b 06 kept',
    'b 08 new',
    'c 07 kept',
  ]);
});
