import { describe, expect, it } from 'vitest';
import { runSchedule } from '../../../src/execution/scheduler.js';
import { StrataError } from '../../../src/errors/strata-error.js';

function dag(edges: Record<string, string[]>) {
  return { order: Object.keys(edges), prerequisites: new Map(Object.entries(edges)) };
}

describe('runSchedule', () => {
  it('runs every unit after its prerequisites, in parallel up to the thread count', async () => {
    const { order, prerequisites } = dag({ a: [], b: [], c: ['a', 'b'], d: ['c'], e: [] });
    const finished: string[] = [];
    let running = 0;
    let peak = 0;
    const outcomes = await runSchedule({
      threads: 2,
      order,
      prerequisites,
      execute: async (id) => {
        for (const prereq of prerequisites.get(id)!) expect(finished).toContain(prereq);
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        finished.push(id);
        return 'success';
      },
      skip: () => undefined,
    });
    expect([...outcomes.values()].every((o) => o === 'success')).toBe(true);
    expect(finished).toHaveLength(5);
    expect(peak).toBe(2);
  });

  it('skips the descendants of a failure and carries on with the rest', async () => {
    const { order, prerequisites } = dag({ a: [], b: ['a'], c: ['b'], d: [] });
    const skipped: Array<[string, string | undefined]> = [];
    const outcomes = await runSchedule({
      threads: 1,
      order,
      prerequisites,
      execute: async (id) => (id === 'a' ? 'failure' : 'success'),
      skip: (id, cause) => void skipped.push([id, cause]),
    });
    expect(outcomes.get('a')).toBe('failure');
    expect(outcomes.get('b')).toBe('skipped');
    expect(outcomes.get('c')).toBe('skipped');
    expect(outcomes.get('d')).toBe('success');
    expect(skipped).toEqual(
      expect.arrayContaining([
        ['b', 'a'],
        ['c', 'a'],
      ]),
    );
  });

  it('stops launching work after the first failure with failFast', async () => {
    const { order, prerequisites } = dag({ a: [], b: [], c: [] });
    const ran: string[] = [];
    const outcomes = await runSchedule({
      threads: 1,
      order,
      prerequisites,
      failFast: true,
      execute: async (id) => {
        ran.push(id);
        return 'failure';
      },
      skip: () => undefined,
    });
    expect(ran).toEqual(['a']);
    expect(outcomes.get('b')).toBe('skipped');
  });

  it('stops cleanly when aborted: running work finishes, nothing new starts', async () => {
    const { order, prerequisites } = dag({ a: [], b: ['a'], c: [] });
    const controller = new AbortController();
    const ran: string[] = [];
    const outcomes = await runSchedule({
      threads: 1,
      order,
      prerequisites,
      signal: controller.signal,
      execute: async (id) => {
        ran.push(id);
        controller.abort();
        return 'success';
      },
      skip: () => undefined,
    });
    expect(ran).toEqual(['a']);
    expect(outcomes.get('b')).toBe('skipped');
    expect(outcomes.get('c')).toBe('skipped');
  });

  it('refuses units waiting for each other in a cycle, naming them, before running anything', async () => {
    const { order, prerequisites } = dag({ a: [], b: ['a', 'd'], c: ['b'], d: ['c'], e: [] });
    const ran: string[] = [];
    const run = runSchedule({
      threads: 1,
      order,
      prerequisites,
      name: (id) => id.toUpperCase(),
      execute: async (id) => {
        ran.push(id);
        return 'success';
      },
      skip: () => undefined,
    });
    await expect(run).rejects.toThrow(StrataError);
    await expect(run).rejects.toThrow('Found a cycle: b -> c -> d -> b (B -> C -> D -> B)');
    expect(ran).toEqual([]);
  });
});
