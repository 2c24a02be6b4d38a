import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedshiftDialect } from '../../../src/adapters/redshift/redshift-dialect.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { postgresClientConfig } from '../../services/postgres/postgres-service.js';

/**
 * The Redshift dialect's safe_cast on the PostgreSQL stand-in: the guard's regular
 * expressions and CASEs are plain SQL both engines run, so malformed text must come back
 * NULL, never as an error, and well-formed text as the cast value.
 */
describeWithService('postgres', "Redshift's safe_cast on the PostgreSQL stand-in", (service) => {
  const dialect = new RedshiftDialect();
  const client = new pg.Client({
    ...postgresClientConfig(service),
    options: '-c standard_conforming_strings=off -c TimeZone=UTC',
  });
  beforeAll(() => client.connect());
  afterAll(() => client.end());

  // Text from a column, as most input comes; literals have a test of their own below.
  const cast = async (text: string | null, type: string): Promise<unknown> => {
    await client.query('CREATE TEMP TABLE IF NOT EXISTS safe_cast_input (v VARCHAR(65535))');
    await client.query('TRUNCATE safe_cast_input');
    await client.query('INSERT INTO safe_cast_input VALUES ($1)', [text]);
    const { rows } = await client.query<{ value: unknown }>(
      `SELECT CAST(${dialect.safeCast('v', type)} AS VARCHAR) AS value FROM safe_cast_input`,
    );
    return rows[0]?.value;
  };

  it.each([
    ['12', 'INTEGER', '12'],
    [' -7 ', 'INTEGER', '-7'],
    ['2000000000', 'INTEGER', '2000000000'],
    ['99999999999', 'INTEGER', null],
    ['abc', 'INTEGER', null],
    ['12,50', 'INTEGER', null],
    ['12.5', 'INTEGER', null],
    ['', 'INTEGER', null],
    [null, 'INTEGER', null],
    ['9007199254740993', 'BIGINT', '9007199254740993'],
    ['12.50', 'decimal(12, 2)', '12.50'],
    ['.5', 'decimal(12, 2)', '0.50'],
    ['N/A', 'decimal(12, 2)', null],
    ['12345678901', 'decimal(12, 2)', null],
    ['1.5e3', 'DOUBLE PRECISION', '1500'],
    ['twelve', 'DOUBLE PRECISION', null],
    ['true', 'BOOLEAN', 'true'],
    ['F', 'BOOLEAN', 'false'],
    ['maybe', 'BOOLEAN', null],
    ['2024-02-29', 'DATE', '2024-02-29'],
    ['2026-02-29', 'DATE', null],
    ['2026-04-31', 'DATE', null],
    ['05/01/2026 10:23', 'DATE', null],
    ['2026-01-05T10:23:45.123Z', 'TIMESTAMP', '2026-01-05 10:23:45.123'],
    ['2026-01-05T25:61:00Z', 'TIMESTAMP', null],
    ['not-a-timestamp', 'TIMESTAMP', null],
    ['1736072625000', 'TIMESTAMP', null],
    ['2026-01-05T10:23:45+02:00', 'TIMESTAMPTZ', '2026-01-05 08:23:45+00'],
    ['2026-13-05T10:23:45Z', 'TIMESTAMPTZ', null],
  ])('%j as %s is %j', async (text, type, expected) => {
    expect(await cast(text, type)).toBe(expected);
  });

  // A literal is typed while the statement is parsed: a CAST of it inside the CASE would
  // fail before any check runs, so the CAST wraps the CASE.
  it.each([
    ["'not a number'", 'INTEGER', null],
    ["'42'", 'INTEGER', '42'],
    ["'2023-02-29'", 'DATE', null],
    ["'2024-02-29'", 'DATE', '2024-02-29'],
  ])('the literal %s as %s is %j', async (literal, type, expected) => {
    const { rows } = await client.query<{ value: unknown }>(
      `SELECT CAST(${dialect.safeCast(literal, type)} AS VARCHAR) AS value`,
    );
    expect(rows[0]?.value).toBe(expected);
  });
});
