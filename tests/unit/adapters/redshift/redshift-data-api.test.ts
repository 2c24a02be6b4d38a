import { describe, expect, it } from 'vitest';
import type { TargetConfig } from '../../../../src/adapters/contract.js';
import { DatabaseError } from '../../../../src/adapters/database-error.js';
import { openDataApiConnection } from '../../../../src/adapters/redshift/data-api-connection.js';
import {
  isSessionUnavailable,
  serviceError,
  StatementCancelledError,
} from '../../../../src/adapters/redshift/data-api-errors.js';
import { locateError, redact, statementErrorMessage } from '../../../../src/adapters/statement-errors.js';
import { rewriteLargeLongValues } from '../../../../src/adapters/redshift/data-api-exact-integers.js';
import { columnsOf, convertField, rowObject } from '../../../../src/adapters/redshift/data-api-fields.js';
import { DATA_API_SETTINGS, readDataApiOptions } from '../../../../src/adapters/redshift/data-api-settings.js';
import { Backoff, backoffSchedule, pollsFor } from '../../../../src/aws/backoff.js';
import { WakeableSleep } from '../../../../src/aws/wakeable-sleep.js';
import { exactNumber, parseTimestamp } from '../../../../src/adapters/text-values.js';
import { RedshiftDialect } from '../../../../src/adapters/redshift/redshift-dialect.js';
import { StrataError } from '../../../../src/errors/strata-error.js';

describe('Data API field conversion', () => {
  it('reads the typed members as they are: BIGINT as bigint, other integers as numbers', () => {
    expect(convertField({ isNull: true }, 'int4')).toBeNull();
    expect(convertField({ booleanValue: false }, 'bool')).toBe(false);
    expect(convertField({ longValue: 42 }, 'int4')).toBe(42);
    expect(convertField({ longValue: 42 }, 'int8')).toBe(42n);
    expect(convertField({ longValue: 2 ** 60 }, undefined)).toBe(2n ** 60n);
    expect(convertField({ doubleValue: 0.25 }, 'float8')).toBe(0.25);
    expect(convertField({ blobValue: new Uint8Array([1, 2]) }, 'varbyte')).toEqual(new Uint8Array([1, 2]));
  });

  it('types string values by the column type name', () => {
    expect(convertField({ stringValue: '9223372036854775807' }, 'int8')).toBe(9223372036854775807n);
    expect(convertField({ stringValue: '12' }, 'INT4')).toBe(12);
    expect(convertField({ stringValue: '19.990' }, 'numeric(12,3)')).toBe(19.99);
    expect(convertField({ stringValue: '12345678901234567890.5' }, 'numeric')).toBe('12345678901234567890.5');
    expect(convertField({ stringValue: 'Infinity' }, 'float8')).toBe(Infinity);
    expect(convertField({ stringValue: '2024-02-29' }, 'date')).toEqual(new Date('2024-02-29T00:00:00Z'));
    expect(convertField({ stringValue: '2024-05-01 09:15:00.123456' }, 'timestamp')).toEqual(
      new Date('2024-05-01T09:15:00.123Z'),
    );
    expect(convertField({ stringValue: '2024-05-01 09:15:00+05:30' }, 'timestamptz')).toEqual(
      new Date('2024-05-01T03:45:00Z'),
    );
    expect(convertField({ stringValue: 'infinity' }, 'timestamp')).toBe('infinity');
    expect(convertField({ stringValue: '{"a":1}' }, 'super')).toBe('{"a":1}');
    expect(convertField({ stringValue: 'x' }, undefined)).toBe('x');
  });

  it('keeps numerics exact: a number only when no digit is lost', () => {
    expect(exactNumber('0.1')).toBe(0.1);
    expect(exactNumber('-000123.4500')).toBe(-123.45);
    expect(exactNumber('123456789012345')).toBe(123456789012345);
    expect(exactNumber('9007199254740993')).toBeUndefined();
    expect(exactNumber('0.12345678901234567')).toBeUndefined();
    expect(exactNumber('1000000000000000000000')).toBe(1e21);
    expect(exactNumber('NaN')).toBeUndefined();
    expect(exactNumber('.')).toBeUndefined();
  });

  it('parses timestamps with and without offsets, and early years', () => {
    expect(parseTimestamp('0099-01-02 03:04:05')?.toISOString()).toBe('0099-01-02T03:04:05.000Z');
    expect(parseTimestamp('2024-01-01 00:00:00-08')?.toISOString()).toBe('2024-01-01T08:00:00.000Z');
    expect(parseTimestamp('2023-02-29 00:00:00')).toBeUndefined();
    expect(parseTimestamp('2024-01-01 00:00:00 BC')).toBeUndefined();
  });

  it('makes row objects keyed by label and columns with Redshift type names', () => {
    const metadata = [
      { name: 'id', label: 'id', typeName: 'int4' },
      { name: '?column?', label: 'total', typeName: 'numeric' },
    ];
    expect(rowObject([{ longValue: 1 }, { stringValue: '2.50' }], metadata)).toEqual({ id: 1, total: 2.5 });
    expect(columnsOf([...metadata, { name: 'v', typeName: 'varchar' }, { name: 's', typeName: 'super' }])).toEqual([
      { name: 'id', dataType: 'integer' },
      { name: 'total', dataType: 'numeric' },
      { name: 'v', dataType: 'character varying' },
      { name: 's', dataType: 'super' },
    ]);
  });

  it('rewrites only unsafe longValues of the raw JSON to exact strings', () => {
    const lookAlike = '{"stringValue":"\\"longValue\\":99999999999999999999"}';
    const json = `{"Records":[[{"longValue":9223372036854775807},{"longValue":12},${lookAlike}]]}`;
    expect(rewriteLargeLongValues(json)).toBe(
      `{"Records":[[{"stringValue":"9223372036854775807"},{"longValue":12},${lookAlike}]]}`,
    );
  });
});

describe('Data API polling', () => {
  it('backs off from 25 ms, doubling, capped at 1 s', () => {
    expect(backoffSchedule({ initialMs: 25, maxMs: 1000 }, 9)).toEqual([25, 50, 100, 200, 400, 800, 1000, 1000, 1000]);
    const backoff = new Backoff({ initialMs: 10, maxMs: 30 });
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([10, 20, 30]);
    backoff.reset();
    expect(backoff.next()).toBe(10);
  });

  it('needs few polls for long statements', () => {
    const options = { initialMs: 25, maxMs: 1000 };
    expect(pollsFor(options, 100)).toBe(4);
    expect(pollsFor(options, 2000)).toBe(8);
    expect(pollsFor(options, 60_000)).toBeLessThan(70);
  });

  it('wakes a sleep early, or the next one when none is under way', async () => {
    const sleep = new WakeableSleep();
    const started = Date.now();
    const sleeping = sleep.sleep(10_000);
    sleep.wake();
    await sleeping;
    sleep.wake();
    await sleep.sleep(10_000);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('Data API error messages', () => {
  const sql = 'SELECT id,\n\tmissing + 1\nFROM t';

  it('turns a position into the line and column of the statement', () => {
    expect(locateError('ERROR: column "missing" does not exist\n  Position: 13', sql)).toEqual({ line: 2, column: 2 });
    expect(locateError('ERROR: syntax error at or near "$" in context "x", at line 3', sql)).toEqual({ line: 3 });
    expect(locateError('ERROR: permission denied', sql)).toBeUndefined();
    expect(locateError('ERROR: x\n  Position: 999', sql)).toBeUndefined();
  });

  it('keeps the warehouse text and points at the failing SQL', () => {
    expect(statementErrorMessage('ERROR: column "missing" does not exist\n  Position: 13', sql)).toBe(
      'ERROR: column "missing" does not exist\n  Position: 13\n' +
        '  at line 2, column 2 of the statement:\n    \tmissing + 1\n    \t^',
    );
    expect(statementErrorMessage('ERROR: syntax error, at line 3', sql)).toBe(
      'ERROR: syntax error, at line 3\n  at line 3 of the statement:\n    FROM t',
    );
    expect(statementErrorMessage('', sql)).toBe('the statement failed without an error message');
  });

  it('cuts long lines around the column', () => {
    const long = `SELECT ${'a, '.repeat(100)}nope FROM t`;
    const message = statementErrorMessage(`ERROR: x\n  Position: ${long.indexOf('nope') + 1}`, long);
    const [, , , shown, caret] = message.split('\n');
    expect(shown!.startsWith('    ...')).toBe(true);
    expect(caret!.indexOf('^')).toBe(shown!.indexOf('nope'));
  });

  it('redacts secrets from service errors and names the operation', () => {
    const cause = Object.assign(new Error("Value 'arn:secret-value' at 'secretArn' failed"), {
      name: 'ValidationException',
      $metadata: { requestId: 'r-1' },
    });
    const error = serviceError('ExecuteStatement', cause, 'SELECT 1', ['arn:secret-value']);
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error.message).toBe(
      'Redshift Data API ExecuteStatement failed: ' +
        "ValidationException: Value '***' at 'secretArn' failed (request id r-1)",
    );
    expect(error.cause).toBeUndefined();
    expect(redact('a-b-c secret', ['secret', 'abc'])).toBe('a-b-c ***');
    const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    expect(serviceError('ExecuteStatement', noCredentials, 'SELECT 1', []).message).toMatch(/default chain/);
  });

  it('recognises cancellation and lost sessions', () => {
    expect(new StatementCancelledError('SELECT 1')).toBeInstanceOf(DatabaseError);
    expect(new StatementCancelledError('SELECT 1').message).toBe('Redshift Data API: the statement was cancelled.');
    const gone = Object.assign(new Error('Session abc is not available'), { name: 'ValidationException' });
    expect(isSessionUnavailable(gone)).toBe(true);
    expect(isSessionUnavailable(Object.assign(new Error('Sql is empty'), { name: 'ValidationException' }))).toBe(false);
  });
});

describe('Data API target settings', () => {
  const target = (settings: Record<string, unknown>, database: string | undefined = 'analytics'): TargetConfig => ({
    name: 'prod',
    type: 'redshift',
    schema: 'marts',
    database,
    threads: 4,
    settings: { method: 'data-api', ...settings },
  });

  it('reads a provisioned cluster with a db user, with defaults', () => {
    const options = readDataApiOptions(target({ cluster_identifier: 'c1', db_user: 'etl', region: 'eu-west-1' }));
    expect(options.identity).toEqual({ Database: 'analytics', ClusterIdentifier: 'c1', DbUser: 'etl' });
    expect(options).toMatchObject({
      region: 'eu-west-1',
      polling: { initialMs: 25, maxMs: 1000 },
      sessionKeepAliveSeconds: 600,
    });
    expect(options.queryTimeoutMs).toBeUndefined();
  });

  it('reads secret ARN and serverless identities and numbers written as strings', () => {
    const secret = readDataApiOptions(
      target({
        cluster_identifier: 'c1',
        secret_arn: 'arn:aws:secretsmanager:x',
        poll_interval_ms: '50',
        query_timeout_seconds: 30,
      }),
    );
    expect(secret.identity).toEqual({
      Database: 'analytics',
      ClusterIdentifier: 'c1',
      SecretArn: 'arn:aws:secretsmanager:x',
    });
    expect(secret.polling.initialMs).toBe(50);
    expect(secret.queryTimeoutMs).toBe(30_000);
    expect(secret.secrets).toContain('arn:aws:secretsmanager:x');
    expect(readDataApiOptions(target({ workgroup: 'wg' })).identity).toEqual({
      Database: 'analytics',
      WorkgroupName: 'wg',
    });
  });

  it('names the setting that is wrong', () => {
    const message = (settings: Record<string, unknown>, database?: string) => {
      try {
        readDataApiOptions(target(settings, database));
      } catch (error) {
        expect(error).toBeInstanceOf(StrataError);
        return (error as StrataError).message;
      }
      return 'no error';
    };
    expect(message({ cluster_identifier: 'c' }, '')).toMatch(/database is missing/);
    expect(message({})).toMatch(/cluster_identifier or workgroup is missing/);
    expect(message({ cluster_identifier: 'c', workgroup: 'w' })).toMatch(/not both/);
    expect(message({ cluster_identifier: 'c', db_user: 'u', secret_arn: 's' })).toMatch(/db_user .* or secret_arn/);
    expect(message({ workgroup: 'w', db_user: 'u' })).toMatch(/db_user applies to provisioned clusters/);
    expect(message({ cluster_identifier: 'c', poll_interval_ms: 'soon' })).toMatch(/poll_interval_ms must be a number/);
    expect(message({ cluster_identifier: 'c', endpoint: 'localhost:1234' })).toMatch(/endpoint must be an http/);
    expect(message({ cluster_identifier: 3 })).toMatch(/cluster_identifier must be a string/);
  });

  it('declares its settings as data, secret_arn secret, none required', () => {
    expect(DATA_API_SETTINGS.map((s) => s.name)).toContain('secret_arn');
    expect(DATA_API_SETTINGS.find((s) => s.name === 'secret_arn')?.secret).toBe(true);
    expect(DATA_API_SETTINGS.every((s) => !s.required)).toBe(true);
  });

  it('refuses to open without an AWS region, before any request', async () => {
    const saved = { region: process.env.AWS_REGION, config: process.env.AWS_CONFIG_FILE };
    delete process.env.AWS_REGION;
    process.env.AWS_CONFIG_FILE = '/nonexistent/aws-config';
    try {
      const error = await openDataApiConnection(
        target({ cluster_identifier: 'c', db_user: 'u' }),
        new RedshiftDialect(),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StrataError);
      expect((error as StrataError).format()).toBe(
        "Target 'prod' (redshift, method: data-api): no AWS region.\n  Set region in the target, or AWS_REGION.",
      );
    } finally {
      if (saved.region === undefined) delete process.env.AWS_REGION;
      else process.env.AWS_REGION = saved.region;
      if (saved.config === undefined) delete process.env.AWS_CONFIG_FILE;
      else process.env.AWS_CONFIG_FILE = saved.config;
    }
  });
});
