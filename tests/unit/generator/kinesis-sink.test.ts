/**
 * The generator's PutRecords retry: entries a call refuses are sent again, and only they.
 * moto never refuses an entry (no throttling, no internal failure), so a stand-in client
 * refuses them here; the put path against moto is covered by
 * tests/integration/kinesis/kinesis-generate.test.ts.
 */
import type { PutRecordsCommand, PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { GenerateSetupError } from '../../../ingest/generator/generate-setup-error.js';
import { KafkaGenerateError } from '../../../ingest/generator/kafka-sink.js';
import { KinesisSink, type PutRecordsClient } from '../../../ingest/generator/kinesis-sink.js';

/** Accepts every entry except, on each call, those whose key is in `refuse` for that call. */
function refusingClient(refusals: string[][]): PutRecordsClient & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    send(command: PutRecordsCommand) {
      const keys = (command.input.Records ?? []).map((entry) => entry.PartitionKey ?? '');
      const refuse = new Set(refusals[calls.length] ?? []);
      calls.push(keys);
      const records = keys.map((key) =>
        refuse.has(key) ? { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'slow down' } : {},
      );
      return Promise.resolve({ FailedRecordCount: refuse.size, Records: records });
    },
  };
}

const entries = (keys: string[]): PutRecordsRequestEntry[] =>
  keys.map((key) => ({ PartitionKey: key, Data: Buffer.from(key) }));

describe('KinesisSink.put', () => {
  it('re-sends only the refused entries, in their order, until every one is accepted', async () => {
    const client = refusingClient([['b', 'd'], ['d']]);
    const sink = new KinesisSink({ region: 'us-east-1', retryDelayMs: 1 }, client);
    await sink.put('s', entries(['a', 'b', 'c', 'd']));
    sink.close();
    expect(client.calls).toEqual([['a', 'b', 'c', 'd'], ['b', 'd'], ['d']]);
  });

  it('fails with the error code once the attempts run out', async () => {
    const client = refusingClient([['a'], ['a'], ['a']]);
    const sink = new KinesisSink({ region: 'us-east-1', retryDelayMs: 1, maxAttempts: 3 }, client);
    const failure = await sink.put('s', entries(['a', 'b'])).catch((error: unknown) => error);
    sink.close();
    expect(client.calls).toHaveLength(3);
    expect((failure as Error).message).toMatch(
      /1 records were still refused by stream s after 3 attempts \(ProvisionedThroughputExceededException/,
    );
    // a setup error the command shows with its hint, in no Kafka producer's name
    expect(failure).toBeInstanceOf(GenerateSetupError);
    expect(failure).not.toBeInstanceOf(KafkaGenerateError);
    expect(failure).toMatchObject({
      name: 'GenerateSetupError',
      hint: 'The stream is throttled: add shards, or lower --rate',
    });
  });
});
