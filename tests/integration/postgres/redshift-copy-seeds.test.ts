/**
 * Seeds on Redshift with `seed_s3_staging_dir`: the CSV file is staged in S3 and loaded
 * with COPY through the cluster's IAM role, then the staged object is deleted. Runs
 * through the Data API test host, which reads the object from the aws service's S3 (as
 * the cluster would) and loads it on PostgreSQL (tests/services/aws/redshift-data-api/s3-copy.ts).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { strata } from '../../support/cli.js';
import { awsClientConfig } from '../../services/aws/aws-service.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { postgresClientConfig } from '../../services/postgres/postgres-service.js';
import { startDataApiHost, type DataApiHost } from '../../services/aws/redshift-data-api/data-api-host.js';
import { TEST_CREDENTIALS, useTestCredentials } from '../../services/aws/redshift-data-api/test-target.js';

const CSV = [
  'id,name,note,amount,signed_up',
  '1,Zoë,"says ""hi"", then leaves",12.50,2024-01-02',
  '2,Bob,,7,2024-02-29',
  '3,"Smith, Jr.",back\\slash,,',
].join('\n');

describeWithService('postgres', 'Redshift seeds by COPY from S3 (Data API test host)', (postgres) => {
  describeWithService('aws', 'with the S3 of the test services', (aws) => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-redshift-copy-'));
    const schema = `copy_${randomUUID().slice(0, 8)}`;
    const bucket = `strata-seeds-${randomUUID().slice(0, 8)}`;
    const s3 = new S3Client(awsClientConfig(aws));
    const client = new pg.Client(postgresClientConfig(postgres));
    let host: DataApiHost;
    let restoreCredentials = () => undefined as void;

    beforeAll(async () => {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      restoreCredentials = useTestCredentials();
      host = await startDataApiHost({
        postgres: postgresClientConfig(postgres),
        accessKeyId: TEST_CREDENTIALS.accessKeyId,
        s3,
      });
      await client.connect();
      writeFileSync(join(dir, 'project.yml'), 'name: copy_seeds\nversion: "1.0"\nprofile: copy_seeds\n');
      const target = {
        type: 'redshift',
        method: 'data-api',
        region: 'us-east-1',
        endpoint: host.endpoint,
        cluster_identifier: 'strata-test-cluster',
        db_user: host.user,
        database: host.database,
        schema,
        threads: 1,
        seed_s3_staging_dir: `s3://${bucket}/strata/seeds`,
        seed_iam_role: 'arn:aws:iam::123456789012:role/strata-seeds',
        seed_s3_region: 'us-east-1',
        s3_endpoint: String(aws.details['endpoint']),
      };
      const lines = Object.entries(target).map(([key, value]) => `      ${key}: "${String(value)}"`);
      writeFileSync(join(dir, 'profiles.yml'), `copy_seeds:\n  target: ci\n  outputs:\n    ci:\n${lines.join('\n')}\n`);
      mkdirSync(join(dir, 'seeds'));
      writeFileSync(join(dir, 'seeds/customers.csv'), `${CSV}\n`);
    });

    afterAll(async () => {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await client.end();
      await host?.close();
      restoreCredentials();
      s3.destroy();
      rmSync(dir, { recursive: true, force: true });
    });

    it('stages the file, COPYs it with the CSV quoting intact, and deletes the staged object', async () => {
      const result = await strata(['seed'], { cwd: dir });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(/OK loaded seed file copy_.*\.customers .* \[INSERT 3/);

      const { rows } = await client.query(
        'SELECT id::int AS id, name, note, amount::text AS amount, signed_up::text AS signed_up ' +
          `FROM "${schema}".customers ORDER BY id`,
      );
      expect(rows).toEqual([
        { id: 1, name: 'Zoë', note: 'says "hi", then leaves', amount: '12.5', signed_up: '2024-01-02' },
        { id: 2, name: 'Bob', note: null, amount: '7', signed_up: '2024-02-29' },
        { id: 3, name: 'Smith, Jr.', note: 'back\\slash', amount: null, signed_up: null },
      ]);

      const executed = readExecutedSql(dir);
      expect(executed).toMatch(
        new RegExp(
          [
            `COPY "postgres"\\."${schema}"\\."customers__strata_tmp" \\("id", "name", "note", "amount", "signed_up"\\)`,
            `FROM 's3://${bucket}/strata/seeds/${schema}/customers__strata_tmp-[0-9a-f-]+\\.csv'`,
            "IAM_ROLE 'arn:aws:iam::123456789012:role/strata-seeds'",
          ].join('\n'),
        ),
      );
      expect(executed).not.toMatch(/INSERT INTO/);
      const staged = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
      expect(staged.KeyCount ?? 0).toBe(0);
    });

    it(
      'COPYs the rows Strata read (BOM dropped, CRLF, a blank field kept as text) ' +
        'and stages nothing for a bad file',
      async () => {
        const csv = join(dir, 'seeds/customers.csv');
        writeFileSync(csv, '\uFEFFid,name,note,amount,signed_up\r\n1,5" screen,  ,1.5,\r\n');
        expect((await strata(['seed'], { cwd: dir })).code).toBe(0);
        const query = `SELECT id::int AS id, name, note FROM "${schema}".customers ORDER BY id`;
        const loaded = [{ id: 1, name: '5" screen', note: '  ' }];
        expect((await client.query(query)).rows).toEqual(loaded);

        writeFileSync(csv, 'id,name,note,amount,signed_up\n2,Eve,,,,extra\n');
        const failed = await strata(['seed'], { cwd: dir });
        expect(failed.code, failed.stdout).toBe(1);
        expect(failed.stdout).toContain('seeds/customers.csv:2: This row has 6 fields, the header has 5.');
        expect((await client.query(query)).rows).toEqual(loaded);
        expect((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount ?? 0).toBe(0);
      },
    );

    it('refuses a half-configured COPY with the settings to fix', async () => {
      const profiles = readFileSync(join(dir, 'profiles.yml'), 'utf8').replace(/\n\s+seed_iam_role: .*/, '');
      writeFileSync(join(dir, 'profiles.yml'), profiles);
      const result = await strata(['seed'], { cwd: dir });
      expect(result.code).toBe(2);
      expect(result.stdout + result.stderr).toContain('seed_s3_staging_dir and seed_iam_role go together');
    });
  });
});

/** Every statement the last run wrote under target/run/, joined. */
function readExecutedSql(dir: string): string {
  const texts: string[] = [];
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(path, entry.name));
      else texts.push(readFileSync(join(path, entry.name), 'utf8'));
    }
  };
  walk(join(dir, 'target/run'));
  return texts.join('\n');
}
