import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { postgresClientConfig } from '../../services/postgres/postgres-service.js';

describeWithService('postgres', 'PostgreSQL through pg', (service) => {
  const client = new pg.Client(postgresClientConfig(service));
  const schema = `smoke_${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    await client.connect();
  });
  afterAll(async () => {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it('runs DDL, inserts, and reads numeric, timestamptz and boolean values back typed', async () => {
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`CREATE TABLE ${schema}.payments (
      id bigserial PRIMARY KEY,
      amount numeric(12, 2) NOT NULL,
      paid_at timestamptz NOT NULL,
      succeeded boolean NOT NULL
    )`);
    const rows: Array<[string, string, boolean]> = [
      ['19.99', '2024-05-01T09:15:00Z', true],
      ['0.01', '2024-05-01T10:00:00+02:00', false],
      ['12345678.90', '2024-05-02T00:00:00Z', true],
    ];
    for (const row of rows) {
      await client.query(`INSERT INTO ${schema}.payments (amount, paid_at, succeeded) VALUES ($1, $2, $3)`, row);
    }
    const result = await client.query(`SELECT id, amount, paid_at, succeeded FROM ${schema}.payments ORDER BY id`);
    expect(result.rows).toEqual([
      // pg returns numeric as a string (exact) and bigint as a string (beyond 2^53).
      { id: '1', amount: '19.99', paid_at: new Date('2024-05-01T09:15:00Z'), succeeded: true },
      { id: '2', amount: '0.01', paid_at: new Date('2024-05-01T08:00:00Z'), succeeded: false },
      { id: '3', amount: '12345678.90', paid_at: new Date('2024-05-02T00:00:00Z'), succeeded: true },
    ]);
    const summary = await client.query(
      'SELECT sum(amount) AS total, count(*) FILTER (WHERE succeeded) AS ok, max(paid_at) AS latest ' +
        `FROM ${schema}.payments`,
    );
    expect(summary.rows[0]).toEqual({ total: '12345698.90', ok: '2', latest: new Date('2024-05-02T00:00:00Z') });
    const types = await client.query(
      'SELECT column_name, data_type FROM information_schema.columns ' +
        "WHERE table_schema = $1 AND table_name = 'payments' ORDER BY ordinal_position",
      [schema],
    );
    expect(types.rows.map((r) => r.data_type)).toEqual(['bigint', 'numeric', 'timestamp with time zone', 'boolean']);
  });
});
