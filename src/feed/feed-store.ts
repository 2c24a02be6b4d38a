/**
 * Where the engine reads the commit feed from: the lake root the ingester writes to. Only
 * the two operations the reader needs, so a local folder and S3 read the same way.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface FeedStore {
  /** the lake root, for messages */
  readonly url: string;
  /** Names of the entries directly under `folder` (relative to the root); empty when there is none. */
  list(folder: string): Promise<string[]>;
  /** The text of the file at `path` (relative to the root). */
  read(path: string): Promise<string>;
}

/** A local lake folder. */
export class LocalFeedStore implements FeedStore {
  constructor(private readonly root: string) {}

  get url(): string {
    return this.root;
  }

  async list(folder: string): Promise<string[]> {
    try {
      return await readdir(join(this.root, ...folder.split('/')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  read(path: string): Promise<string> {
    return readFile(join(this.root, ...path.split('/')), 'utf8');
  }
}
