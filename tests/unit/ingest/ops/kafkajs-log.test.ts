import { createRequire } from 'node:module';
import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { FORGOTTEN_MEMBER, REBALANCE_ANSWERS, kafkaLogCreator } from '../../../../ingest/ops/kafkajs-log.js';
import { createLogger } from '../../../../ingest/ops/logger.js';

/** Log one kafkajs line through the ingester's logger; returns the JSON lines written. */
function route(level: logLevel, message: string, fields: Record<string, unknown> = {}): Array<Record<string, unknown>> {
  const lines: string[] = [];
  const log = kafkaLogCreator(createLogger('debug', (line) => lines.push(line)))(logLevel.DEBUG);
  log({
    namespace: 'Connection',
    level,
    label: 'ERROR',
    log: { timestamp: '2026-12-06T00:00:00.000Z', logger: 'kafkajs', message, ...fields },
  });
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('kafkajs log lines', () => {
  it('the broker answers of an ordinary rebalance, and the rejoin, are info', () => {
    for (const error of REBALANCE_ANSWERS) {
      expect(route(logLevel.ERROR, 'Response Heartbeat(key: 12, version: 3)', { error, correlationId: 17 })).toEqual([
        expect.objectContaining({
          level: 'info',
          msg: 'Response Heartbeat(key: 12, version: 3)',
          component: 'kafkajs',
          namespace: 'Connection',
          error,
          correlationId: 17,
        }),
      ]);
    }
    expect(
      route(logLevel.WARN, 'The group is rebalancing, re-joining', { error: REBALANCE_ANSWERS[0] })[0]?.level,
    ).toBe('info');
  });

  it('a member the coordinator forgot is a warning; other errors stay errors; kafkajs info is debug', () => {
    expect(
      route(logLevel.ERROR, 'The coordinator is not aware of this member, re-joining the group', {
        error: FORGOTTEN_MEMBER,
      })[0]?.level,
    ).toBe('warn');
    expect(
      route(logLevel.ERROR, 'Response Produce(key: 0, version: 7)', {
        error: 'This server is not the leader for that topic-partition',
      })[0]?.level,
    ).toBe('error');
    expect(route(logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded')[0]?.level).toBe('error');
    expect(route(logLevel.WARN, 'Consumer group received unsubscribed topics')[0]?.level).toBe('warn');
    expect(route(logLevel.INFO, 'Consumer has joined the group')[0]?.level).toBe('debug');
  });

  it("match kafkajs's own messages for those error codes", () => {
    const { errorCodes } = createRequire(import.meta.url)('kafkajs/src/protocol/error.js') as {
      errorCodes: Array<{ type: string; message: string }>;
    };
    const message = (type: string): string | undefined => errorCodes.find((code) => code.type === type)?.message;
    expect(REBALANCE_ANSWERS).toEqual([message('REBALANCE_IN_PROGRESS'), message('ILLEGAL_GENERATION')]);
    expect(FORGOTTEN_MEMBER).toBe(message('UNKNOWN_MEMBER_ID'));
  });
});
