import { describe, expect, it } from 'vitest';
import { interruptible, untilInterrupted } from '../../../src/cli/interrupt.js';

describe('Ctrl-C handling shared by the commands', () => {
  it('aborts the work on the first signal and stops listening once the work is done', async () => {
    const before = { int: process.listenerCount('SIGINT'), term: process.listenerCount('SIGTERM') };
    const result = await interruptible(async (signal) => {
      expect(process.listenerCount('SIGINT')).toBe(before.int + 1);
      expect(process.listenerCount('SIGTERM')).toBe(before.term + 1);
      expect(signal.aborted).toBe(false);
      process.emit('SIGINT');
      expect(signal.aborted).toBe(true);
      return 'stopped cleanly';
    });
    expect(result).toBe('stopped cleanly');
    expect(process.listenerCount('SIGINT')).toBe(before.int);
    expect(process.listenerCount('SIGTERM')).toBe(before.term);
  });

  it('listens only to the signals asked for', async () => {
    const before = process.listenerCount('SIGTERM');
    await interruptible(
      async (signal) => {
        expect(process.listenerCount('SIGTERM')).toBe(before);
        process.emit('SIGINT');
        expect(signal.aborted).toBe(true);
      },
      ['SIGINT'],
    );
  });

  it('stops listening when the work fails', async () => {
    const before = process.listenerCount('SIGINT');
    await expect(
      interruptible(async () => {
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  it('resolves a serving command on the first signal', async () => {
    const stopped = untilInterrupted();
    process.emit('SIGINT');
    await expect(stopped).resolves.toBeUndefined();
  });
});
