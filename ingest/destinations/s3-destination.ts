/**
 * The S3 destination: each file becomes one object at `<prefix>/<relativePath>`, written
 * with a single PutObject when small and a multipart upload (parts in parallel, a bounded
 * queue, aborted on failure) when large. `writeFile` resolves only once S3 has the whole
 * object, so the ingester may commit the offsets it holds. Both are conditional writes
 * (`If-None-Match: *` on the PutObject or on the CompleteMultipartUpload): S3 answers 412
 * instead of replacing an object that is already there, so a stalled writer can never
 * overwrite the file of the writer that took its partitions over.
 *
 * Credentials come from the AWS SDK's default chain (environment variables, SSO, web
 * identity, the container or instance role) unless the caller passes its own.
 */
import {
  AbortMultipartUploadCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { jitteredDelayMs, type BackoffOptions } from '../../src/aws/backoff.js';
import { readS3Uri, s3ObjectKey, s3Prefix, s3Uri } from '../../src/aws/s3-uri.js';
import { errorSummary } from '../../src/aws/service-error.js';
import { isTransientAwsError } from '../../src/aws/transient-errors.js';
import type { Destination, WriteOutcome } from '../destination.js';
import { isAlreadyThere } from './s3-errors.js';

const MiB = 1024 * 1024;
/** S3's smallest part (except the last) and its most parts per upload. */
const MIN_PART_SIZE = 5 * MiB;
const MAX_PARTS = 10_000;
/** Waits before a whole write starts again: random, below 0.4 s doubling up to 5 s. */
const WRITE_RETRY: BackoffOptions = { initialMs: 400, maxMs: 5_000 };

export interface S3DestinationOptions {
  bucket: string;
  /** key prefix, without the bucket; '' or omitted for the bucket root */
  prefix?: string;
  /** defaults to AWS_REGION, then AWS_DEFAULT_REGION */
  region?: string;
  /** a custom endpoint (an S3-compatible store or a local test server) */
  endpoint?: string;
  /** address buckets by path rather than by virtual host (default: only with a custom endpoint) */
  forcePathStyle?: boolean;
  /** explicit credentials or a provider; by default the SDK's chain, starting with the environment */
  credentials?: S3ClientConfig['credentials'];
  /** attempts per HTTP request, retried by the SDK's standard strategy (default 5) */
  maxAttempts?: number;
  /** attempts of a whole write after transient failures, each starting over (default 3) */
  writeAttempts?: number;
  /** files larger than this (and than one part) use a multipart upload (default 8 MiB) */
  multipartThreshold?: number;
  /** multipart part size, at least 5 MiB (default 8 MiB) */
  partSize?: number;
  /** parts uploaded at once; memory held is about queueSize x partSize (default 4) */
  queueSize?: number;
  /** a client to use instead of creating one (then `close` leaves it open) */
  client?: S3Client;
}

/** What the destination has written, for logs and metrics. */
export interface S3DestinationStats {
  files: number;
  bytes: number;
  multipartUploads: number;
  /** whole writes started again after a transient failure */
  retriedWrites: number;
}

/** Content types by file extension; S3 and the tools reading the lake treat the rest as bytes. */
function contentType(path: string): string {
  if (path.endsWith('.gz')) return 'application/gzip';
  if (path.endsWith('.parquet')) return 'application/vnd.apache.parquet';
  if (path.endsWith('.json')) return 'application/json';
  if (path.endsWith('.jsonl')) return 'application/x-ndjson';
  return 'application/octet-stream';
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class S3Destination implements Destination {
  readonly url: string;
  readonly bucket: string;
  /** the key prefix: '' for the bucket root, else ending in `/` */
  readonly prefix: string;
  private readonly client: S3Client;
  private readonly ownsClient: boolean;
  private readonly writeAttempts: number;
  private readonly multipartThreshold: number;
  private readonly partSize: number;
  private readonly queueSize: number;
  private readonly counters: S3DestinationStats = { files: 0, bytes: 0, multipartUploads: 0, retriedWrites: 0 };
  private closed = false;

  constructor(options: S3DestinationOptions) {
    this.bucket = readS3Uri(`s3://${options.bucket}`, 'an S3 destination').bucket;
    this.prefix = s3Prefix(options.prefix ?? '');
    this.url = s3Uri({ bucket: this.bucket, prefix: this.prefix }).replace(/\/$/, '');
    this.writeAttempts = positiveInteger(options.writeAttempts ?? 3, 'writeAttempts');
    this.partSize = positiveInteger(options.partSize ?? 8 * MiB, 'partSize');
    if (this.partSize < MIN_PART_SIZE)
      throw new Error(`partSize must be at least 5 MiB (S3's minimum), got ${this.partSize} bytes`);
    // A body no larger than one part would go up in a single request anyway.
    this.multipartThreshold = Math.max(
      this.partSize,
      positiveInteger(options.multipartThreshold ?? 8 * MiB, 'multipartThreshold'),
    );
    this.queueSize = positiveInteger(options.queueSize ?? 4, 'queueSize');
    if (options.client) {
      this.client = options.client;
      this.ownsClient = false;
    } else {
      const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
      if (!region) throw new Error(`no AWS region for ${this.url}: set the destination's region or AWS_REGION`);
      this.client = new S3Client({
        region,
        endpoint: options.endpoint,
        // S3-compatible stores behind a custom endpoint rarely serve buckets as virtual hosts.
        forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
        credentials: options.credentials,
        maxAttempts: positiveInteger(options.maxAttempts ?? 5, 'maxAttempts'),
        retryMode: 'standard',
        // A stalled connection fails and is retried instead of holding a flush forever.
        requestHandler: { connectionTimeout: 10_000, requestTimeout: 120_000 },
      });
      this.ownsClient = true;
    }
  }

  /** The object key a relative path is written to. */
  keyFor(relativePath: string): string {
    return s3ObjectKey(this.prefix, relativePath);
  }

  /** `s3://bucket/key` of a relative path (a file, or a folder when it ends with `/`). */
  uriFor(relativePath: string): string {
    const trailing = relativePath.endsWith('/');
    const key = this.keyFor(trailing ? relativePath.slice(0, -1) : relativePath);
    return `s3://${this.bucket}/${key}${trailing ? '/' : ''}`;
  }

  get stats(): Readonly<S3DestinationStats> {
    return { ...this.counters };
  }

  async writeFile(relativePath: string, body: Buffer): Promise<WriteOutcome> {
    if (this.closed) throw new Error(`${this.url} is closed`);
    const key = this.keyFor(relativePath);
    const multipart = body.length > this.multipartThreshold;
    for (let attempt = 1; ; attempt += 1) {
      try {
        if (multipart) await this.uploadMultipart(key, body);
        else await this.put(key, body);
        break;
      } catch (error) {
        // Also when an earlier attempt of this very write landed and only its answer was lost.
        if (isAlreadyThere(error)) return 'exists';
        if (attempt >= this.writeAttempts || !isTransientAwsError(error)) {
          const what = `writing s3://${this.bucket}/${key} (${body.length} bytes)`;
          throw new Error(`${what} failed after ${attempt} attempt(s): ${errorSummary(error)}`, { cause: error });
        }
        this.counters.retriedWrites += 1;
        await sleep(jitteredDelayMs(attempt, WRITE_RETRY));
      }
    }
    this.counters.files += 1;
    this.counters.bytes += body.length;
    if (multipart) this.counters.multipartUploads += 1;
    return 'written';
  }

  async readFile(relativePath: string): Promise<Buffer> {
    const object = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: this.keyFor(relativePath) }),
    );
    if (!object.Body) throw new Error(`s3://${this.bucket}/${this.keyFor(relativePath)} has no body`);
    return Buffer.from(await object.Body.transformToByteArray());
  }

  /**
   * Abort the incomplete multipart uploads under the topics' folders that were started
   * before `startedBefore`: what a writer killed during an upload left (S3 keeps and bills
   * their parts until they are aborted, or until a lifecycle rule does it).
   */
  async removeLeftovers(topics: string[], startedBefore: number): Promise<string[]> {
    const removed: string[] = [];
    for (const folder of topics.flatMap((topic) => [`${topic}/`, `rejected/${topic}/`])) {
      const Prefix = `${this.keyFor(folder.slice(0, -1))}/`;
      let KeyMarker: string | undefined;
      let UploadIdMarker: string | undefined;
      do {
        const page = await this.client.send(
          new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix, KeyMarker, UploadIdMarker }),
        );
        for (const upload of page.Uploads ?? []) {
          if (!upload.Key || !upload.UploadId || (upload.Initiated?.getTime() ?? 0) >= startedBefore) continue;
          await this.client.send(
            new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: upload.Key, UploadId: upload.UploadId }),
          );
          removed.push(`s3://${this.bucket}/${upload.Key} (upload ${upload.UploadId})`);
        }
        KeyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        UploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
      } while (KeyMarker !== undefined);
    }
    return removed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsClient) this.client.destroy();
  }

  private async put(key: string, body: Buffer): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentLength: body.length,
        ContentType: contentType(key),
        IfNoneMatch: '*',
      }),
    );
  }

  /**
   * Parts of `partSize` (larger when the file would need more than 10,000), `queueSize`
   * at a time; on any failure lib-storage aborts the upload, so no parts are left behind.
   * lib-storage passes `IfNoneMatch` on to the CompleteMultipartUpload, where S3 checks it.
   */
  private async uploadMultipart(key: string, body: Buffer): Promise<void> {
    const partSize = Math.max(this.partSize, Math.ceil(body.length / MAX_PARTS));
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentLength: body.length,
        ContentType: contentType(key),
        IfNoneMatch: '*',
      },
      partSize,
      queueSize: this.queueSize,
      leavePartsOnError: false,
    });
    await upload.done();
  }
}

/** Everything but the bucket and prefix, which the URL gives. */
export type S3UrlOptions = Omit<S3DestinationOptions, 'bucket' | 'prefix'>;

/**
 * A destination for `s3://bucket/prefix`; the options add the region, endpoint,
 * credentials and tuning. Takes the URL first, or inside the options as `url`.
 */
export function createS3Destination(url: string, options?: S3UrlOptions): S3Destination;
export function createS3Destination(options: S3UrlOptions & { url: string }): S3Destination;
export function createS3Destination(
  first: string | (S3UrlOptions & { url: string }),
  second: S3UrlOptions = {},
): S3Destination {
  const { url, ...options } = typeof first === 'string' ? { ...second, url: first } : first;
  const { bucket, prefix } = readS3Uri(url, 'an S3 destination');
  return new S3Destination({ ...options, bucket, prefix });
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, got ${value}`);
  return value;
}
