import { describe, expect, it } from 'vitest';
import { partitionsToFlush } from '../../../../ingest/pipeline/memory-pressure.js';

const partition = (name: string, memory: number) => ({ name, memory });

describe('partitions to pause and flush under memory pressure', () => {
  it('none while buffered bytes are within the limit', () => {
    expect(partitionsToFlush([partition('a', 40), partition('b', 60)], 100)).toEqual([]);
  });

  it('the fullest first, until at most half the limit stays buffered', () => {
    const chosen = partitionsToFlush(
      [partition('a', 10), partition('b', 70), partition('c', 30), partition('d', 0)],
      100,
    );
    expect(chosen.map((p) => p.name)).toEqual(['b']);
    expect(
      partitionsToFlush([partition('a', 40), partition('b', 45), partition('c', 35)], 100).map((p) => p.name),
    ).toEqual(['b', 'a']);
  });

  it('every partition with data when one is not enough', () => {
    expect(
      partitionsToFlush([partition('a', 300), partition('b', 300), partition('c', 0)], 100).map((p) => p.name),
    ).toEqual(['a', 'b']);
  });
});
