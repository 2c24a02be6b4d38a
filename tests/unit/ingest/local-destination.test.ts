import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalDestination } from '../../../ingest/destinations/local-destination.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function lake(): string {
  const dir = mkdtempSync(join(tmpdir(), 'strata-local-dest-'));
  dirs.push(dir);
  return dir;
}

describe('LocalDestination', () => {
  it('writes a file in its partition folder and replaces it whole on a replay', async () => {
    const root = lake();
    const destination = new LocalDestination(root);
    expect(destination.url).toBe(`file://${root}`);
    const path = 'orders/dt=2026-01-05/hour=10/orders+0+0.jsonl.gz';
    await destination.writeFile(path, Buffer.from('first, longer version'));
    await destination.writeFile(path, Buffer.from('second'));
    expect(readFileSync(join(root, path), 'utf8')).toBe('second');
    // No temporary file is left behind.
    expect(readdirSync(join(root, 'orders/dt=2026-01-05/hour=10'))).toEqual(['orders+0+0.jsonl.gz']);
    await Promise.all(Array.from({ length: 20 }, (_, index) => destination.writeFile(`orders/dt=2026-01-05/hour=11/orders+0+${index}.jsonl.gz`, Buffer.from(String(index)))));
    expect(readdirSync(join(root, 'orders/dt=2026-01-05/hour=11'))).toHaveLength(20);
    await destination.close();
  });

  it('refuses paths that leave the lake', async () => {
    const destination = new LocalDestination(lake());
    for (const path of ['../escape.jsonl.gz', 'a/../../b', '/etc/passwd', 'a//b', './a']) {
      await expect(destination.writeFile(path, Buffer.from('x')), path).rejects.toThrow(/outside the lake/);
    }
    expect(() => new LocalDestination('relative/lake')).toThrow(/absolute/);
  });
});
