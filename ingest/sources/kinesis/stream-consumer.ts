/**
 * Enhanced fan-out reads a stream as a registered consumer (KCL registers one per
 * application). At start the worker finds the consumer named in the config, registers it
 * when there is none, and waits until it is ACTIVE; several workers of one application
 * share it (a second registration of the same name finds it registered).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ResourceInUseException } from '@aws-sdk/client-kinesis';
import type { Logger } from '../../ops/logger.js';
import type { FanOutApi, StreamConsumer } from './fan-out-api.js';

export interface ConsumerWait {
  /** how long a consumer may stay CREATING (AWS: usually seconds) */
  timeoutMs: number;
  pollMs: number;
}

const DEFAULT_WAIT: ConsumerWait = { timeoutMs: 120_000, pollMs: 1_000 };

/** The ARN of the ACTIVE consumer `name` of `stream`, registered if needed. Throws a message a user can act on. */
export async function activeConsumer(
  api: FanOutApi,
  stream: string,
  name: string,
  logger: Logger,
  wait: ConsumerWait = DEFAULT_WAIT,
): Promise<string> {
  const streamArn = await api.streamArn(stream);
  if (!streamArn)
    throw new Error(`enhanced fan-out: the stream "${stream}" does not exist, so no consumer can be registered on it`);
  let consumer = await api.describeConsumer(streamArn, name);
  if (!consumer) {
    consumer = await register(api, streamArn, name);
    logger.info('stream consumer registered', { stream, consumer_name: name, consumer_arn: consumer.arn });
  }
  const deadline = Date.now() + wait.timeoutMs;
  while (consumer.status !== 'ACTIVE') {
    if (consumer.status === 'DELETING')
      throw new Error(
        `enhanced fan-out: the consumer "${name}" of "${stream}" is being deregistered; ` +
          'start again once it is gone, or name another consumer_name',
      );
    if (Date.now() > deadline)
      throw new Error(`enhanced fan-out: the consumer "${name}" of "${stream}" is still ${consumer.status}`);
    await sleep(wait.pollMs);
    consumer = (await api.describeConsumer(streamArn, name)) ?? (await register(api, streamArn, name));
  }
  return consumer.arn;
}

/** Register, or find the consumer another worker registered at the same moment. */
async function register(api: FanOutApi, streamArn: string, name: string): Promise<StreamConsumer> {
  try {
    return await api.registerConsumer(streamArn, name);
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    const found = await api.describeConsumer(streamArn, name);
    if (!found) throw error;
    return found;
  }
}
