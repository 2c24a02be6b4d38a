import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalDestination, TEMP_FOLDER } from '../../../../ingest/destinations/local-destination.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function lake(): string {
  const dir = mkdtempSync(join(tmpdir(), 'strata-local-dest-'));
  dirs.push(dir);
  return dir;
}

/** The id of a process that has exited. */
function goneProcessId(): number {
  return spawnSync(process.execPath, ['-e', '']).pid as number;
}

const HOUR = 'orders/dt=2026-01-05/hour=10';
/** The temporary folder's segment for this host. */
const HOST = hostname().replace(/[^A-Za-z0-9._-]/g, '_');

describe('LocalDestination', () => {
  it('writes a file in its partition folder, and never replaces one that is there', async () => {
    const root = lake();
    const destination = new LocalDestination(root);
    expect(destination.url).toBe(`file://${root}`);
    const path = `${HOUR}/orders+0+0.jsonl.gz`;
    expect(await destination.writeFile(path, Buffer.from('first, longer version'))).toBe('written');
    expect(await destination.writeFile(path, Buffer.from('second'))).toBe('exists');
    expect(readFileSync(join(root, path), 'utf8')).toBe('first, longer version');
    expect((await destination.readFile(path)).toString()).toBe('first, longer version');
    // Nothing but the file in the partition folder, and no temporary file left.
    expect(readdirSync(join(root, HOUR))).toEqual(['orders+0+0.jsonl.gz']);
    expect(readdirSync(join(root, TEMP_FOLDER, HOST))).toEqual([]);
    await destination.close();
  });

  it('lets exactly one of many writers of the same name land its file', async () => {
    const root = lake();
    const writers = Array.from({ length: 8 }, () => new LocalDestination(root));
    const path = `${HOUR}/orders+0+7.jsonl.gz`;
    const outcomes = await Promise.all(
      writers.map((writer, index) => writer.writeFile(path, Buffer.from(`writer ${index}`))),
    );
    expect(outcomes.filter((outcome) => outcome === 'written')).toHaveLength(1);
    expect(readFileSync(join(root, path), 'utf8')).toBe(`writer ${outcomes.indexOf('written')}`);
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        writers[0]?.writeFile(`orders/dt=2026-01-05/hour=11/orders+0+${index}.jsonl.gz`, Buffer.from(String(index))),
      ),
    );
    expect(readdirSync(join(root, 'orders/dt=2026-01-05/hour=11'))).toHaveLength(20);
  });

  it('removes what interrupted writes left, and only that', async () => {
    const root = lake();
    const destination = new LocalDestination(root);
    const hostDir = join(root, TEMP_FOLDER, HOST);
    const otherHost = join(root, TEMP_FOLDER, 'another-host');
    mkdirSync(hostDir, { recursive: true });
    mkdirSync(otherHost, { recursive: true });
    mkdirSync(join(root, HOUR), { recursive: true });
    const old = Date.now() / 1000 - 3_600;
    const plant = (path: string, touchedLongAgo = false): void => {
      writeFileSync(path, 'partial');
      if (touchedLongAgo) utimesSync(path, old, old);
    };
    const gone = goneProcessId();
    plant(join(hostDir, `${gone}-0a1b2c.tmp`)); // a killed process of this host
    plant(join(hostDir, `${process.pid}-3d4e5f.tmp`)); // this process, still writing
    plant(join(otherHost, '123-aaaaaa.tmp')); // another host's writer, maybe alive
    plant(join(otherHost, '456-bbbbbb.tmp'), true); // another host's, untouched for an hour
    // an earlier version's, in the partition folder
    plant(join(root, HOUR, '.orders+0+9.jsonl.gz.4242.0123abcd.tmp'), true);
    plant(join(root, HOUR, '.orders+0+9.jsonl.gz.4243.0123abcd.tmp')); // the same, being written
    plant(join(root, HOUR, 'orders+0+9.jsonl.gz'), true); // a lake file, however old
    const removed = await destination.removeLeftovers(['orders'], Date.now() - 60_000);
    expect(removed.sort()).toEqual(
      [
        `${HOUR}/.orders+0+9.jsonl.gz.4242.0123abcd.tmp`,
        `${TEMP_FOLDER}/${HOST}/${gone}-0a1b2c.tmp`,
        `${TEMP_FOLDER}/another-host/456-bbbbbb.tmp`,
      ].sort(),
    );
    expect(readdirSync(hostDir)).toEqual([`${process.pid}-3d4e5f.tmp`]);
    expect(readdirSync(otherHost)).toEqual(['123-aaaaaa.tmp']);
    expect(readdirSync(join(root, HOUR)).sort()).toEqual([
      '.orders+0+9.jsonl.gz.4243.0123abcd.tmp',
      'orders+0+9.jsonl.gz',
    ]);
  });

  it('refuses paths that leave the lake or enter its temporary folder', async () => {
    const destination = new LocalDestination(lake());
    for (const path of ['../escape.jsonl.gz', 'a/../../b', '/etc/passwd', 'a//b', './a']) {
      await expect(destination.writeFile(path, Buffer.from('x')), path).rejects.toThrow(/outside the lake/);
    }
    await expect(destination.writeFile(`${TEMP_FOLDER}/x/y.jsonl.gz`, Buffer.from('x'))).rejects.toThrow(
      /temporary files/,
    );
    expect(() => new LocalDestination('relative/lake')).toThrow(/absolute/);
  });
});
