/**
 * The local lake as the compactor sees it. Files are created as the ingester lands them
 * (a fsynced temporary file hard-linked into place, `LocalDestination`), so a manifest is
 * in place whole or not at all, and never replaces one.
 */
import { open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalDestination } from '../destinations/local-destination.js';
import type { LakeStore } from './lake-store.js';

export class LocalLakeStore implements LakeStore {
  private readonly destination: LocalDestination;

  constructor(private readonly root: string) {
    this.destination = new LocalDestination(root);
  }

  get url(): string {
    return this.destination.url;
  }

  async list(folder: string): Promise<{ files: string[]; folders: string[] }> {
    const found = { files: [] as string[], folders: [] as string[] };
    try {
      for (const entry of await readdir(this.absolute(folder), { withFileTypes: true })) {
        if (entry.isDirectory()) found.folders.push(entry.name);
        else if (entry.isFile()) found.files.push(entry.name);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return found;
  }

  read(path: string): Promise<Buffer> {
    return this.destination.readFile(path);
  }

  /** The last `bytes` bytes of a file (all of it when it is shorter). */
  async readTail(path: string, bytes: number): Promise<Buffer> {
    const handle = await open(this.absolute(path), 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, bytes);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return buffer;
    } finally {
      await handle.close();
    }
  }

  create(path: string, body: Buffer): Promise<'written' | 'exists'> {
    return this.destination.writeFile(path, body);
  }

  async remove(paths: string[]): Promise<void> {
    for (const path of paths) await rm(this.absolute(path), { force: true });
  }

  async removeFolder(folder: string): Promise<void> {
    await rm(this.absolute(folder), { recursive: true, force: true });
  }

  locationOf(folder: string): string {
    return `${this.absolute(folder)}/`;
  }

  close(): Promise<void> {
    return this.destination.close();
  }

  private absolute(path: string): string {
    return join(this.root, ...path.split('/').filter((segment) => segment !== ''));
  }
}
