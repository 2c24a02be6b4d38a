/**
 * The embedded default: a local lake folder. A file is written to a temporary name in its
 * own folder, fsynced, renamed over the final name (atomic on POSIX file systems), and the
 * folder is fsynced so the rename itself survives a power cut. Readers never see a partial
 * file, and a replay's rename replaces the earlier file whole.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { isAbsolute, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Destination } from '../destination.js';

/** Temporary files start with a dot and end in `.tmp`, so lake globs (`*.jsonl.gz`) skip them. */
const TEMP_SUFFIX = '.tmp';

export class LocalDestination implements Destination {
  readonly url: string;
  private readonly madeDirs = new Map<string, Promise<unknown>>();

  constructor(readonly root: string) {
    if (!isAbsolute(root)) throw new Error(`the lake folder must be an absolute path, got '${root}'`);
    this.url = pathToFileURL(root).href;
  }

  async writeFile(relativePath: string, body: Buffer): Promise<void> {
    const segments = relativePath.split('/');
    if (relativePath.startsWith('/') || segments.some((segment) => segment === '' || segment === '.' || segment === '..' || segment.includes(sep))) {
      throw new Error(`refusing to write outside the lake: ${JSON.stringify(relativePath)}`);
    }
    const name = segments.pop() as string;
    const dir = join(this.root, ...segments);
    await this.ensureDir(dir);
    const target = join(dir, name);
    const temp = join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
    try {
      const handle = await open(temp, 'w');
      try {
        await handle.writeFile(body);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    await syncDir(dir);
  }

  async close(): Promise<void> {
    this.madeDirs.clear();
  }

  private async ensureDir(dir: string): Promise<void> {
    let made = this.madeDirs.get(dir);
    if (!made) {
      made = mkdir(dir, { recursive: true }).then(async (first) => {
        // A new folder's own entry must be durable too: sync every parent that was created.
        if (first !== undefined) {
          const parents: string[] = [];
          for (let current = dir; current.length >= first.length; current = join(current, '..')) parents.push(join(current, '..'));
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
