/**
 * The enhanced fan-out reader on a stand-in subscription service, for what the test
 * service (ferrokinesis, tests/integration/kinesis/kinesis-efo.test.ts) does not do: AWS
 * names the last record sent as the continuation, so a subscription continued AT it sends
 * that record again; and an error event ends a subscription.
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../../ingest/ops/logger.js';
import { EfoShardReader } from '../../../../ingest/sources/kinesis/efo-shard-reader.js';
import type { FanOutApi, SubscriptionEvent } from '../../../../ingest/sources/kinesis/fan-out-api.js';
import type { ShardPosition, ShardRecord } from '../../../../ingest/sources/kinesis/shard-api.js';

const record = (sequence: number): ShardRecord => ({
  sequenceNumber: String(sequence),
  partitionKey: 'k',
  data: new Uint8Array(),
  arrivalMs: 0,
});

/** A shard of records 1..n; each subscription sends `perSubscription` events of two records, then ends. */
class StandInFanOut implements FanOutApi {
  readonly subscriptions: ShardPosition[] = [];

  constructor(
    private readonly records: number,
    private readonly perSubscription: number,
    private readonly fail?: string,
  ) {}

  async streamArn(): Promise<string> {
    return 'arn:stream';
  }
  async describeConsumer(): Promise<undefined> {
    return undefined;
  }
  async registerConsumer(): Promise<never> {
    throw new Error('not used');
  }
  close(): void {}

  async subscribe(_arn: string, _shard: string, from: ShardPosition): Promise<AsyncIterable<SubscriptionEvent>> {
    this.subscriptions.push(from);
    const start =
      typeof from === 'string' ? 1 : 'at' in from ? Number(from.at) : Number((from as { after: string }).after) + 1;
    const { records, perSubscription, fail } = this;
    return (async function* () {
      let next = start;
      for (let event = 0; event < perSubscription; event += 1) {
        if (fail && next > 3) throw new Error(fail);
        const sent = [next, next + 1].filter((sequence) => sequence <= records).map(record);
        next += sent.length;
        const last = sent.at(-1)?.sequenceNumber ?? String(next - 1);
        // AWS's continuation: the last record sent (it is also where an empty shard's progress stands)
        yield { records: sent, continuationSequenceNumber: last, millisBehindLatest: 0, childShards: [] };
      }
    })();
  }
}

const logger = createLogger('error', () => undefined);
const open = (api: FanOutApi, from: ShardPosition = 'TRIM_HORIZON') =>
  new EfoShardReader(api, 's', 'shardId-000000000000', from, {
    consumerArn: 'arn:consumer',
    idleTimeBetweenReadsMs: 50,
    logger,
  });

describe('the enhanced fan-out reader', () => {
  it('continues ended subscriptions AT the continuation and gives no record twice', async () => {
    const api = new StandInFanOut(11, 2);
    const reader = open(api);
    const given: string[] = [];
    while (given.length < 11) given.push(...(await reader.next()).records.map((r) => r.sequenceNumber));
    reader.close();
    expect(given).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11']);
    expect(api.subscriptions.slice(0, 3)).toEqual(['TRIM_HORIZON', { at: '4' }, { at: '7' }]);
  });

  it('gives nothing at or before the checkpoint it started after', async () => {
    const api = new StandInFanOut(6, 3);
    const reader = open(api, { after: '2' });
    const first = await reader.next();
    reader.close();
    expect(first.records.map((r) => r.sequenceNumber)).toEqual(['3', '4']);
  });

  it('rejects when a subscription fails, and answers at once without records once closed', async () => {
    const failing = open(new StandInFanOut(10, 5, 'ResourceInUseException'));
    await expect(
      (async () => {
        for (;;) await failing.next();
      })(),
    ).rejects.toThrow('ResourceInUseException');
    // A subscription that sends nothing: next() answers empty after its wait, and at once when closed.
    const silent = new (class extends StandInFanOut {
      override async subscribe(): Promise<AsyncIterable<SubscriptionEvent>> {
        return { [Symbol.asyncIterator]: () => ({ next: () => new Promise<never>(() => undefined) }) };
      }
    })(0, 0);
    const idle = open(silent);
    expect((await idle.next()).records).toEqual([]);
    const waiting = idle.next();
    idle.close();
    expect(await waiting).toEqual({ records: [], ended: false, millisBehindLatest: undefined });
  });

  it('fails a subscription that ends before its first event instead of subscribing again at once', async () => {
    const reader = open(new StandInFanOut(10, 0));
    await expect(reader.next()).rejects.toThrow('ended before its first event');
  });
});
