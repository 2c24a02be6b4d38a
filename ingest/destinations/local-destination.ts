/**
 * The embedded default: a local lake folder. A file is written to a temporary file under
 * `<root>/.strata-tmp/<host>/`, fsynced, and hard-linked to its final name: `link()`
 * fails with EEXIST instead of replacing a file, so a writer can never overwrite a file
 * another writer landed (a stalled instance, an earlier attempt). The folder is fsynced
 * so the new entry survives a power cut. Readers never see a partial file, and no lake
 * glob (`<topic>/*\/*\/*`, `*.jsonl.gz`) reaches a temporary one.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { isAbsolute, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Destination, WriteOutcome } from '../destination.js';
import { entries, isGoneProcess, modifiedBefore, removePath } from './leftovers.js';

/** The folder of temporary files, under the root: one level deeper per host. */
export const TEMP_FOLDER = '.strata-tmp';
const TEMP_NAME = /^(\d+)-[0-9a-f]+\.tmp$/;
/** What earlier versions left next to the final file: `.<name>.<pid>.<hex>.tmp`. */
const LEGACY_TEMP_NAME = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;

export class LocalDestination implements Destination {
  readonly url: string;
  private readonly tempDir: string;
  private readonly madeDirs = new Map<string, Promise<unknown>>();

  constructor(readonly root: string) {
    if (!isAbsolute(root)) throw new Error(`the lake folder must be an absolute path, got '${root}'`);
    this.url = pathToFileURL(root).href;
    this.tempDir = join(root, TEMP_FOLDER, safeSegment(hostname()));
  }

  async writeFile(relativePath: string, body: Buffer): Promise<WriteOutcome> {
    const { dir, target } = this.place(relativePath);
    await Promise.all([this.ensureDir(dir), this.ensureDir(this.tempDir)]);
    const temp = join(this.tempDir, `${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(body);
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await link(temp, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
        throw error;
      }
    } finally {
      await rm(temp, { force: true });
    }
    await syncDir(dir);
    return 'written';
  }

  async readFile(relativePath: string): Promise<Buffer> {
    return readFile(this.place(relativePath).target);
  }

  /**
   * Temporary files last touched before `startedBefore`, or of a process of this host
   * that is gone, and the temporary files earlier versions left inside partition folders.
   */
  async removeLeftovers(topics: string[], startedBefore: number): Promise<string[]> {
    const removed = [
      ...(await this.removeTempFiles(startedBefore)),
      ...(await this.removeLegacyTempFiles(topics, startedBefore)),
    ];
    return removed.map((path) =>
      path
        .slice(this.root.length + 1)
        .split(sep)
        .join('/'),
    );
  }

  private async removeTempFiles(startedBefore: number): Promise<string[]> {
    const removed: string[] = [];
    const host = safeSegment(hostname());
    const tempRoot = join(this.root, TEMP_FOLDER);
    for (const hostDir of await entries(tempRoot)) {
      for (const name of await entries(join(tempRoot, hostDir))) {
        const path = join(tempRoot, hostDir, name);
        const pid = TEMP_NAME.exec(name)?.[1];
        const gone = hostDir === host && isGoneProcess(pid === undefined ? undefined : Number(pid));
        if (gone || (await modifiedBefore(path, startedBefore))) removed.push(await removePath(path));
      }
    }
    return removed;
  }

  /** `<topic>/dt=*\/hour=*\/.<name>.<pid>.<hex>.tmp`, and the same under `rejected/`. */
  private async removeLegacyTempFiles(topics: string[], startedBefore: number): Promise<string[]> {
    const removed: string[] = [];
    for (const topicDir of topics.flatMap((topic) => [join(this.root, topic), join(this.root, 'rejected', topic)])) {
      for (const dt of (await entries(topicDir)).filter((name) => name.startsWith('dt='))) {
        for (const hour of (await entries(join(topicDir, dt))).filter((name) => name.startsWith('hour='))) {
          for (const name of (await entries(join(topicDir, dt, hour))).filter((entry) =>
            LEGACY_TEMP_NAME.test(entry),
          )) {
            const path = join(topicDir, dt, hour, name);
            if (await modifiedBefore(path, startedBefore)) removed.push(await removePath(path));
          }
        }
      }
    }
    return removed;
  }

  async close(): Promise<void> {
    this.madeDirs.clear();
  }

  private place(relativePath: string): { dir: string; target: string } {
    const segments = relativePath.split('/');
    if (
      relativePath.startsWith('/') ||
      segments.some((segment) => segment === '' || segment === '.' || segment === '..' || segment.includes(sep))
    ) {
      throw new Error(`refusing to write outside the lake: ${JSON.stringify(relativePath)}`);
    }
    if (segments[0] === TEMP_FOLDER)
      throw new Error(
        `${TEMP_FOLDER}/ holds the ingester's temporary files, not lake files: ${JSON.stringify(relativePath)}`,
      );
    const name = segments.pop() as string;
    const dir = join(this.root, ...segments);
    return { dir, target: join(dir, name) };
  }

  private async ensureDir(dir: string): Promise<void> {
    let made = this.madeDirs.get(dir);
    if (!made) {
      made = mkdir(dir, { recursive: true }).then(async (first) => {
        // A new folder's own entry must be durable too: sync every parent that was created.
        if (first !== undefined) {
          const parents: string[] = [];
          for (let current = dir; current.length >= first.length; current = join(current, '..'))
            parents.push(join(current, '..'));
          for (const parent of parents) await syncDir(parent);
        }
      });
      this.madeDirs.set(dir, made);
      made.catch(() => this.madeDirs.delete(dir));
    }
    await made;
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A host name as one path segment. */
function safeSegment(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_') || 'host';
}
