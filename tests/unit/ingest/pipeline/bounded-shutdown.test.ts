/** The stopping sequence the Kafka and Kinesis ingesters share. */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../../ingest/ops/logger.js';
import { boundedShutdown, type ShutdownWork } from '../../../../ingest/pipeline/bounded-shutdown.js';

function shutdown(work: ShutdownWork['work'], timeoutSeconds = 30) {
  const logs: Array<Record<string, unknown>> = [];
  const released: string[] = [];
  const result = boundedShutdown({
    logger: createLogger('info', (line) => logs.push(JSON.parse(line) as Record<string, unknown>)),
    reason: 'SIGTERM',
    timeoutSeconds,
    bufferedRecords: 12,
    readAgain: 'uncommitted records',
    work,
    release: async () => {
      released.push('released');
    },
    committedRecords: () => 40,
  });
  return { result, logs, released };
}

describe('boundedShutdown', () => {
  it('says it stops, runs the work by its deadline, releases, and reports a clean stop', async () => {
    let deadline = 0;
    const { result, logs, released } = shutdown(async (at) => {
      deadline = at;
      return true;
    });
    expect(await result).toBe(true);
    expect(deadline).toBeGreaterThan(Date.now());
    expect(released).toEqual(['released']);
    expect(
      logs.map(({ msg, reason, buffered_records, clean, committed_records }) => ({
        msg,
        reason,
        buffered_records,
        clean,
        committed_records,
      })),
    ).toEqual([
      { msg: 'stopping', reason: 'SIGTERM', buffered_records: 12, clean: undefined, committed_records: undefined },
      { msg: 'stopped', reason: undefined, buffered_records: undefined, clean: true, committed_records: 40 },
    ]);
  });

  it('reports work that could not commit everything as an unclean stop', async () => {
    const { result, logs } = shutdown(async () => false);
    expect(await result).toBe(false);
    expect(logs.at(-1)).toMatchObject({ msg: 'stopped', clean: false });
  });

  it('gives up on work that outlasts the bound, says what is read again, and still releases', async () => {
    const { result, logs, released } = shutdown(() => new Promise<boolean>(() => undefined), 0.01);
    expect(await result).toBe(false);
    expect(released).toEqual(['released']);
    expect(logs.at(-1)).toMatchObject({
      level: 'error',
      msg: 'shutdown took longer than the bound; uncommitted records will be read again',
      timeout_seconds: 0.01,
    });
  });
});
