import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { awsClientConfig } from '../../services/aws/aws-service.js';
import { describeWithService } from '../../services/lifecycle/integration.js';

const MiB = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describeWithService('aws', 'S3 through @aws-sdk/client-s3', (service) => {
  const s3 = new S3Client(awsClientConfig(service));
  const Bucket = `strata-smoke-${randomUUID().slice(0, 8)}`;
  const keys = [
    'lake/events/dt=2024-05-01/hour=09/events+0+0.jsonl.gz',
    'lake/events/dt=2024-05-01/hour=10/events+0+42.jsonl.gz',
    'lake/events/dt=2024-05-02/hour=00/events+1+0.jsonl.gz',
    'lake/orders/dt=2024-05-01/hour=09/orders+0+0.jsonl.gz',
    'lake/_manifest.json',
    'readme.txt',
  ];

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket }));
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket, Key, Body: `body of ${Key}` }));
  });
  afterAll(async () => {
    // The server is shared with other runs when started by hand: leave it as found.
    const listed = await s3.send(new ListObjectsV2Command({ Bucket }));
    const objects = (listed.Contents ?? []).map(({ Key }) => ({ Key }));
    if (objects.length) await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: objects } }));
    await s3.send(new DeleteBucketCommand({ Bucket }));
    s3.destroy();
  });

  const list = async (Prefix: string, Delimiter?: string) => {
    const result = await s3.send(new ListObjectsV2Command({ Bucket, Prefix, Delimiter }));
    return {
      prefixes: (result.CommonPrefixes ?? []).map((p) => p.Prefix),
      keys: (result.Contents ?? []).map((c) => c.Key),
    };
  };

  it('lists with a prefix and a delimiter, level by level', async () => {
    expect(await list('', '/')).toEqual({ prefixes: ['lake/'], keys: ['readme.txt'] });
    expect(await list('lake/', '/')).toEqual({
      prefixes: ['lake/events/', 'lake/orders/'],
      keys: ['lake/_manifest.json'],
    });
    expect(await list('lake/events/', '/')).toEqual({
      prefixes: ['lake/events/dt=2024-05-01/', 'lake/events/dt=2024-05-02/'],
      keys: [],
    });
    expect(await list('lake/events/dt=2024-05-01/', '/')).toEqual({
      prefixes: ['lake/events/dt=2024-05-01/hour=09/', 'lake/events/dt=2024-05-01/hour=10/'],
      keys: [],
    });
    expect((await list('lake/events/')).keys).toEqual(keys.slice(0, 3));
  });

  it('gets an object back', async () => {
    const object = await s3.send(new GetObjectCommand({ Bucket, Key: keys[1] }));
    expect(await object.Body!.transformToString()).toBe(`body of ${keys[1]}`);
  });

  it('assembles a multipart upload from its parts', async () => {
    const Key = 'big/low-level.bin';
    const parts = [randomBytes(5 * MiB), randomBytes(5 * MiB), randomBytes(MiB)];
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    const uploaded = [];
    for (const [index, Body] of parts.entries()) {
      const PartNumber = index + 1;
      const { ETag } = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body }));
      uploaded.push({ ETag, PartNumber });
    }
    const completed = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: uploaded } }),
    );
    expect(completed.ETag).toMatch(/-3"?$/);
    const body = await (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToByteArray();
    expect(body.length).toBe(11 * MiB);
    expect(sha256(body)).toBe(sha256(Buffer.concat(parts)));
  });

  it('uploads a large object with lib-storage in 5 MiB parts and reads it back byte-equal', async () => {
    const Key = 'big/lib-storage.bin';
    const payload = randomBytes(12 * MiB);
    const partsSeen = new Set<number>();
    const upload = new Upload({ client: s3, params: { Bucket, Key, Body: payload }, partSize: 5 * MiB, queueSize: 2 });
    upload.on('httpUploadProgress', (progress) => progress.part && partsSeen.add(progress.part));
    await upload.done();
    expect(partsSeen.size).toBe(3);
    const body = await (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToByteArray();
    expect(sha256(body)).toBe(sha256(payload));
  });
});
