/**
 * The generator's Kinesis producer: prepares the streams (creates the missing ones with a
 * shard count and waits until they are active) and puts batches with PutRecords, re-sending
 * only the entries a call reports as failed (`FailedRecordCount`: throttled shards, internal
 * failures), with a growing pause, as the Kinesis Producer Library does. Whole-call errors
 * are retried by the SDK.
 */
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  PutRecordsCommand,
  ResourceNotFoundException,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { kinesisClient } from '../sources/kinesis/kinesis-client.js';
import { pause } from './kafka-pacing.js';
import { GenerateSetupError } from './generate-setup-error.js';

/** PutRecords' limits: records per call, and bytes of partition keys and data per call. */
export const PUT_RECORDS_MAX_RECORDS = 500;
export const PUT_RECORDS_MAX_BYTES = 5 * 1024 * 1024;

/** The PutRecords call, as the sink needs it (a stand-in client can fail entries on purpose). */
export interface PutRecordsClient {
  send(command: PutRecordsCommand): Promise<{
    FailedRecordCount?: number;
    Records?: Array<{ ErrorCode?: string; ErrorMessage?: string }>;
  }>;
}

export interface KinesisSinkOptions {
  region?: string;
  endpoint?: string;
  /** PutRecords calls for one batch before it fails (default 20) */
  maxAttempts?: number;
  /** first pause before re-sending failed entries, doubling to 5 s (default 100 ms) */
  retryDelayMs?: number;
}

export class KinesisSink {
  private readonly client: KinesisClient;

  constructor(
    private readonly options: KinesisSinkOptions,
    putClient?: PutRecordsClient,
  ) {
    // HTTP/1.1, as the Kinesis source: PutRecords needs no HTTP/2 (and moto does not speak it).
    this.client = kinesisClient(options, new NodeHttpHandler());
    this.putClient = putClient ?? this.client;
  }

  private readonly putClient: PutRecordsClient;

  /** Create the missing streams with `shards` shards; resolve once every stream is active. Returns the created. */
  async prepareStreams(streams: string[], shards: number): Promise<string[]> {
    const created: string[] = [];
    for (const stream of streams) {
      if ((await this.status(stream)) === undefined) {
        await this.call(`creating stream ${stream}`, () =>
          this.client.send(new CreateStreamCommand({ StreamName: stream, ShardCount: shards })),
        );
        created.push(stream);
      }
    }
    for (const stream of streams) {
      for (let waited = 0; (await this.status(stream)) !== 'ACTIVE'; waited += 250) {
        if (waited > 120_000) throw new GenerateSetupError(`stream ${stream} did not become active in two minutes`);
        await pause(250);
      }
    }
    return created;
  }

  /**
   * Put one batch (at most 500 records and 5 MiB) and resolve once every entry was accepted:
   * the entries a call rejects are sent again, alone, until none is left or the attempts run out.
   */
  async put(stream: string, entries: PutRecordsRequestEntry[]): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 20;
    let pending = entries;
    let delay = this.options.retryDelayMs ?? 100;
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const answer = await this.call(`putting records to stream ${stream}`, () =>
        this.putClient.send(new PutRecordsCommand({ StreamName: stream, Records: pending })),
      );
      if (!answer.FailedRecordCount) return;
      const results = answer.Records ?? [];
      const failed = pending.filter((_, index) => results[index]?.ErrorCode !== undefined);
      if (attempt >= maxAttempts) {
        const first = results.find((result) => result.ErrorCode !== undefined);
        throw new GenerateSetupError(
          `${failed.length} records were still refused by stream ${stream} after ${attempt} attempts ` +
            `(${first?.ErrorCode}: ${first?.ErrorMessage})`,
          'The stream is throttled: add shards, or lower --rate',
        );
      }
      pending = failed;
      await pause(delay);
      delay = Math.min(delay * 2, 5_000);
    }
  }

  close(): void {
    this.client.destroy();
  }

  private async status(stream: string): Promise<string | undefined> {
    try {
      const answer = await this.call(`describing stream ${stream}`, () =>
        this.client.send(new DescribeStreamSummaryCommand({ StreamName: stream })),
      );
      return answer.StreamDescriptionSummary?.StreamStatus;
    } catch (error) {
      if (error instanceof GenerateSetupError && error.cause instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  }

  /** An SDK call whose failure becomes a user-facing error naming what was being done. */
  private async call<T>(what: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw new GenerateSetupError(
        `${what} failed: ${error instanceof Error ? error.message : String(error)}`,
        'Check --kinesis (the endpoint, if any), AWS_REGION and the AWS credentials',
        { cause: error },
      );
    }
  }
}
