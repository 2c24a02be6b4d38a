import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createS3Destination, type S3Destination } from '../../../ingest/destinations/s3-destination.js';
import { awsClientConfig } from '../../services/aws/aws-service.js';
import { describeWithService } from '../../services/lifecycle/integration.js';

const MiB = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describeWithService('aws', 'S3 destination', (service) => {
  const config = awsClientConfig(service);
  const s3 = new S3Client(config);
  const Bucket = `strata-dest-${randomUUID().slice(0, 8)}`;
  const url = `s3://${Bucket}/lake/bronze/`;
  const endpoint = { region: config.region, endpoint: config.endpoint, forcePathStyle: true };
  const savedEnv = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  let destination: S3Destination;

  beforeAll(async () => {
    // The destination takes its credentials from the SDK's default chain, as in production.
    process.env.AWS_ACCESS_KEY_ID = config.credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = config.credentials.secretAccessKey;
    await s3.send(new CreateBucketCommand({ Bucket }));
    destination = createS3Destination(url, endpoint);
  });

  afterAll(async () => {
    await destination?.close();
    const listed = await s3.send(new ListObjectsV2Command({ Bucket }));
    const objects = (listed.Contents ?? []).map(({ Key }) => ({ Key }));
    if (objects.length) await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: objects } }));
    await s3.send(new DeleteBucketCommand({ Bucket }));
    s3.destroy();
    restoreEnv('AWS_ACCESS_KEY_ID', savedEnv.id);
    restoreEnv('AWS_SECRET_ACCESS_KEY', savedEnv.secret);
  });

  const get = async (Key: string) => {
    const object = await s3.send(new GetObjectCommand({ Bucket, Key }));
    return {
      body: Buffer.from(await object.Body!.transformToByteArray()),
      etag: object.ETag ?? '',
      contentType: object.ContentType,
    };
  };
  const keysUnder = async (Prefix: string) => {
    const keys: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket, Prefix, ContinuationToken }));
      keys.push(...(page.Contents ?? []).map((c) => c.Key!));
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    return keys.sort();
  };
  const openUploads = async () => (await s3.send(new ListMultipartUploadsCommand({ Bucket }))).Uploads ?? [];

  it('names itself by its URL, with the prefix normalised', () => {
    expect(destination.url).toBe(`s3://${Bucket}/lake/bronze`);
    expect(destination.keyFor('orders/dt=2026-01-05/hour=09/orders+0+0.jsonl.gz')).toBe(
      'lake/bronze/orders/dt=2026-01-05/hour=09/orders+0+0.jsonl.gz',
    );
    expect(destination.uriFor('orders/dt=2026-01-05/hour=09/')).toBe(
      `s3://${Bucket}/lake/bronze/orders/dt=2026-01-05/hour=09/`,
    );
    expect(createS3Destination(`s3://${Bucket}`, endpoint).keyFor('a/b.json')).toBe('a/b.json');
  });

  it('writes a small file with one PutObject at <prefix>/<relativePath>', async () => {
    const path = 'orders/dt=2026-01-05/hour=09/orders+0+0.jsonl.gz';
    const body = Buffer.from('{"a":1}\n{"a":2}\n');
    await destination.writeFile(path, body);
    const object = await get(`lake/bronze/${path}`);
    expect(object.body.equals(body)).toBe(true);
    expect(object.etag).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
    expect(object.contentType).toBe('application/gzip');
  });

  it('writes a 12 MiB file as a multipart upload and leaves no upload open', async () => {
    const path = 'clickstream/dt=2026-01-05/hour=10/clickstream+2+1000.jsonl.gz';
    const body = randomBytes(12 * MiB);
    const before = destination.stats.multipartUploads;
    await destination.writeFile(path, body);
    const object = await get(`lake/bronze/${path}`);
    // An ETag of a multipart object is the MD5 of its parts' MD5s, suffixed with the part count.
    expect(object.etag).toMatch(/^"[0-9a-f]{32}-2"$/);
    expect(object.body.length).toBe(12 * MiB);
    expect(sha256(object.body)).toBe(sha256(body));
    expect(destination.stats.multipartUploads).toBe(before + 1);
    expect(await openUploads()).toEqual([]);
  });

  it('never replaces an object: a second write of the key finds the first (If-None-Match: *)', async () => {
    const path = 'payments/dt=2026-01-06/hour=00/payments+1+7.jsonl.gz';
    expect(await destination.writeFile(path, Buffer.from('first'))).toBe('written');
    expect(await destination.writeFile(path, Buffer.from('second, from a stalled writer'))).toBe('exists');
    expect((await get(`lake/bronze/${path}`)).body.toString()).toBe('first');
    expect((await destination.readFile(path)).toString()).toBe('first');
    expect(
      (await keysUnder('lake/bronze/payments/')).filter((key) => key.endsWith('payments+1+7.jsonl.gz')),
    ).toHaveLength(1);
  });

  it('never replaces an object with a multipart upload either, and aborts the upload', async () => {
    const path = 'clickstream/dt=2026-01-05/hour=10/clickstream+2+1000.jsonl.gz';
    const before = await get(`lake/bronze/${path}`);
    expect(await destination.writeFile(path, randomBytes(12 * MiB))).toBe('exists');
    expect(sha256((await get(`lake/bronze/${path}`)).body)).toBe(sha256(before.body));
    expect(await openUploads()).toEqual([]);
  });

  it('aborts the incomplete multipart uploads left under its topics, started before a given time', async () => {
    // moto reports one fixed `Initiated` time (2010-11-10) for every upload; this client
    // reports the real start time of the uploads this test begins, as S3 does.
    const client = new S3Client(config);
    const startedAt = new Map<string, Date>();
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'ListMultipartUploadsCommand') {
          const output = result.output as { Uploads?: Array<{ UploadId?: string; Initiated?: Date }> };
          for (const upload of output.Uploads ?? [])
            upload.Initiated = startedAt.get(upload.UploadId ?? '') ?? upload.Initiated;
        }
        return result;
      },
      { step: 'initialize', name: 'realInitiatedTimes' },
    );
    const other = createS3Destination(url, { client });
    const started = async (Key: string, at: number) => {
      const id = (await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }))).UploadId as string;
      startedAt.set(id, new Date(at));
      return id;
    };
    const hourAgo = Date.now() - 3_600_000;
    const killed = await started('lake/bronze/orders/dt=2026-01-07/hour=01/orders+0+5.jsonl.gz', hourAgo);
    const rejected = await started('lake/bronze/rejected/orders/dt=2026-01-07/hour=01/orders+0+9.jsonl.gz', hourAgo);
    const running = await started('lake/bronze/orders/dt=2026-01-07/hour=02/orders+0+20.jsonl.gz', Date.now());
    const otherTopic = await started('lake/bronze/refunds/dt=2026-01-07/hour=01/refunds+0+5.jsonl.gz', hourAgo);
    const removed = await other.removeLeftovers(['orders'], Date.now() - 60_000);
    expect(removed.sort()).toEqual(
      [
        `s3://${Bucket}/lake/bronze/orders/dt=2026-01-07/hour=01/orders+0+5.jsonl.gz (upload ${killed})`,
        `s3://${Bucket}/lake/bronze/rejected/orders/dt=2026-01-07/hour=01/orders+0+9.jsonl.gz (upload ${rejected})`,
      ].sort(),
    );
    // A recent upload may belong to a writer still at work; another topic's is not this instance's.
    expect((await openUploads()).map((upload) => upload.UploadId).sort()).toEqual([running, otherTopic].sort());
    await other.removeLeftovers(['orders', 'refunds'], Date.now() + 60_000);
    expect(await openUploads()).toEqual([]);
    await other.close();
    client.destroy();
  });

  it('lists exactly the files written, all under the prefix', async () => {
    const extra = [
      'users/dt=2026-01-05/hour=23/users+0+0.jsonl.gz',
      'users/dt=2026-01-06/hour=00/users+0+12.jsonl.gz',
      '_rejected/users/users+0+5.jsonl',
    ];
    await Promise.all(extra.map((path, i) => destination.writeFile(path, Buffer.from(`file ${i}`))));
    expect(await keysUnder('lake/bronze/users/')).toEqual([`lake/bronze/${extra[0]}`, `lake/bronze/${extra[1]}`]);
    expect(await keysUnder('')).toEqual(
      [
        'lake/bronze/_rejected/users/users+0+5.jsonl',
        'lake/bronze/clickstream/dt=2026-01-05/hour=10/clickstream+2+1000.jsonl.gz',
        'lake/bronze/orders/dt=2026-01-05/hour=09/orders+0+0.jsonl.gz',
        'lake/bronze/payments/dt=2026-01-06/hour=00/payments+1+7.jsonl.gz',
        `lake/bronze/${extra[0]}`,
        `lake/bronze/${extra[1]}`,
      ].sort(),
    );
    expect((await s3.send(new HeadObjectCommand({ Bucket, Key: `lake/bronze/${extra[2]}` }))).ContentType).toBe(
      'application/x-ndjson',
    );
  });

  it('starts a write again after a transient failure', async () => {
    const client = new S3Client({ ...config, maxAttempts: 1 });
    let failures = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutObjectCommand' && failures === 0) {
          failures += 1;
          throw Object.assign(new Error('Please reduce your request rate.'), {
            name: 'SlowDown',
            $metadata: { httpStatusCode: 503 },
          });
        }
        return next(args);
      },
      { step: 'build', name: 'slowDownOnce' },
    );
    const flaky = createS3Destination(url, { client });
    await flaky.writeFile('retry/once.json', Buffer.from('{"ok":true}'));
    expect(failures).toBe(1);
    expect(flaky.stats.retriedWrites).toBe(1);
    expect((await get('lake/bronze/retry/once.json')).body.toString()).toBe('{"ok":true}');
    await flaky.close();
    client.destroy();
  });

  it('aborts a multipart upload that fails, leaving no parts behind, and reports the key', async () => {
    const client = new S3Client({ ...config, maxAttempts: 1 });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { PartNumber?: number };
        if (context.commandName === 'UploadPartCommand' && input.PartNumber === 2) {
          throw Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
        }
        return next(args);
      },
      { step: 'build', name: 'denySecondPart' },
    );
    const failing = createS3Destination(url, { client, partSize: 5 * MiB, multipartThreshold: 5 * MiB });
    await expect(failing.writeFile('broken/big.bin', randomBytes(11 * MiB))).rejects.toThrow(
      `writing s3://${Bucket}/lake/bronze/broken/big.bin (${11 * MiB} bytes) ` +
        'failed after 1 attempt(s): AccessDenied: Access Denied',
    );
    expect(await openUploads()).toEqual([]);
    expect(await keysUnder('lake/bronze/broken/')).toEqual([]);
    await failing.close();
    client.destroy();
  });

  it('takes the URL inside the options too, addressing buckets by path behind a custom endpoint', async () => {
    const fromOptions = createS3Destination({
      url: `s3://${Bucket}/other`,
      region: config.region,
      endpoint: config.endpoint,
    });
    await fromOptions.writeFile('x/y.json', Buffer.from('{"y":1}'));
    expect((await get('other/x/y.json')).body.toString()).toBe('{"y":1}');
    expect(fromOptions.url).toBe(`s3://${Bucket}/other`);
    await fromOptions.close();
  });

  it('refuses paths that would leave the prefix, and bad URLs', async () => {
    await expect(destination.writeFile('../outside.json', Buffer.from('x'))).rejects.toThrow(
      "may not contain empty, '.' or '..' segments",
    );
    await expect(destination.writeFile('/absolute.json', Buffer.from('x'))).rejects.toThrow('must be relative');
    expect(() => createS3Destination('file:///tmp/lake', endpoint)).toThrow('must look like s3://bucket/prefix');
    expect(() => createS3Destination('s3://Not_A_Bucket/x', endpoint)).toThrow('not a valid S3 bucket name');
  });

  it('fails clearly when the bucket does not exist', async () => {
    const missing = createS3Destination(`s3://strata-missing-${randomUUID().slice(0, 8)}/lake`, endpoint);
    await expect(missing.writeFile('a.json', Buffer.from('{}'))).rejects.toThrow(
      /failed after 1 attempt\(s\): NoSuchBucket/,
    );
    await missing.close();
  });
});

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
