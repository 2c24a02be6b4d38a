import { afterAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateBronzeSample } from '../../../ingest/generator/index.js';
import { createRng, deriveSeed } from '../../../ingest/generator/prng.js';
import { makeTempDir, readLake, removeDir } from '../../support/lake-files.js';

const dirs: string[] = [];
async function sample(seed: number): Promise<string> {
  const lakeDir = await makeTempDir();
  dirs.push(lakeDir);
  await generateBronzeSample({ lakeDir, seed, users: 150, days: 3 });
  return lakeDir;
}

afterAll(async () => {
  await Promise.all(dirs.map(removeDir));
});

describe('generateBronzeSample determinism', () => {
  it('writes byte-identical files and tally for the same seed', async () => {
    const [first, second] = await Promise.all([sample(7), sample(7)]);
    const [a, b] = await Promise.all([readLake(first), readLake(second)]);
    expect(a.length).toBeGreaterThan(0);
    expect(b.map((file) => file.path)).toEqual(a.map((file) => file.path));
    a.forEach((file, index) => expect(b[index]?.bytes.equals(file.bytes)).toBe(true));
    const tally = async (dir: string): Promise<string> => readFile(join(dir, '_generator', 'tally.json'), 'utf8');
    expect(await tally(second)).toBe(await tally(first));
  });

  it('writes a different sample for a different seed', async () => {
    const [first, second] = await Promise.all([sample(7), sample(8)]);
    const [a, b] = await Promise.all([readLake(first), readLake(second)]);
    const payloads = (files: typeof a): string[] => files.flatMap((file) => file.lines.map((line) => line.payload));
    expect(payloads(b)).not.toEqual(payloads(a));
  });

  it('replaces a previous sample in the same lake', async () => {
    const lakeDir = await sample(7);
    const before = await readLake(lakeDir);
    await generateBronzeSample({ lakeDir, seed: 7, users: 150, days: 3 });
    const after = await readLake(lakeDir);
    expect(after.map((file) => file.path)).toEqual(before.map((file) => file.path));
  });
});

describe('prng', () => {
  it('repeats its sequence for a seed and stays in range', () => {
    const draw = (seed: number): number[] => {
      const rng = createRng(seed);
      return Array.from({ length: 1000 }, () => rng.next());
    };
    const values = draw(deriveSeed(1, 2));
    expect(draw(deriveSeed(1, 2))).toEqual(values);
    expect(draw(deriveSeed(2, 1))).not.toEqual(values);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  it('draws version-4 shaped UUIDs', () => {
    const rng = createRng(42);
    for (let i = 0; i < 50; i += 1) {
      expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});
