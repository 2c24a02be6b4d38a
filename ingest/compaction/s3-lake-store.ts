/**
 * The lake on S3 as the compactor sees it. Files are created with the ingester's own
 * conditional upload (`If-None-Match: *`, see S3Destination), so a manifest appears whole
 * or not at all and never replaces one; listing uses `/` as the delimiter.
 */
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type ListObjectsV2CommandOutput,
} from '@aws-sdk/client-s3';
import { readS3Uri } from '../../src/aws/s3-uri.js';
import { S3Destination } from '../destinations/s3-destination.js';
import type { LakeStore } from './lake-store.js';

export interface S3LakeStoreOptions {
  url: string;
  endpoint?: string;
  region?: string;
}

export class S3LakeStore implements LakeStore {
  readonly url: string;
  private readonly client: S3Client;
  private readonly destination: S3Destination;
  private readonly bucket: string;

  constructor(options: S3LakeStoreOptions) {
    const { bucket, prefix } = readS3Uri(options.url, 'an S3 lake');
    const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (!region) throw new Error(`no AWS region for ${options.url}: set the destination's region or AWS_REGION`);
    this.bucket = bucket;
    this.client = new S3Client({
      region,
      endpoint: options.endpoint,
      forcePathStyle: options.endpoint !== undefined,
      maxAttempts: 5,
      retryMode: 'standard',
    });
    this.destination = new S3Destination({ bucket, prefix, client: this.client });
    this.url = this.destination.url;
  }

  async list(folder: string): Promise<{ files: string[]; folders: string[] }> {
    const prefix = `${this.destination.keyFor(folder.replace(/\/+$/, ''))}/`;
    const found = { files: [] as string[], folders: [] as string[] };
    let token: string | undefined;
    do {
      const page: ListObjectsV2CommandOutput = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }),
      );
      for (const entry of page.CommonPrefixes ?? []) {
        if (entry.Prefix) found.folders.push(entry.Prefix.slice(prefix.length).replace(/\/$/, ''));
      }
      for (const entry of page.Contents ?? []) if (entry.Key) found.files.push(entry.Key.slice(prefix.length));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return found;
  }

  read(path: string): Promise<Buffer> {
    return this.destination.readFile(path);
  }

  /** The last `bytes` bytes of a file (all of it when it is shorter), with one ranged GET. */
  async readTail(path: string, bytes: number): Promise<Buffer> {
    const key = this.destination.keyFor(path);
    const object = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=-${bytes}` }),
    );
    if (!object.Body) throw new Error(`s3://${this.bucket}/${key} has no body`);
    return Buffer.from(await object.Body.transformToByteArray());
  }

  create(path: string, body: Buffer): Promise<'written' | 'exists'> {
    return this.destination.writeFile(path, body);
  }

  async remove(paths: string[]): Promise<void> {
    for (let start = 0; start < paths.length; start += 1000) {
      const keys = paths.slice(start, start + 1000).map((path) => ({ Key: this.destination.keyFor(path) }));
      const answer = await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys, Quiet: true } }),
      );
      const failed = answer.Errors?.[0];
      if (failed) throw new Error(`could not delete s3://${this.bucket}/${failed.Key}: ${failed.Message}`);
    }
  }

  async removeFolder(folder: string): Promise<void> {
    const base = folder.replace(/\/+$/, '');
    const { files, folders } = await this.list(base);
    await this.remove(files.map((name) => `${base}/${name}`));
    for (const inner of folders) await this.removeFolder(`${base}/${inner}`);
  }

  locationOf(folder: string): string {
    return this.destination.uriFor(`${folder.replace(/\/+$/, '')}/`);
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
