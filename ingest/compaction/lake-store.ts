/**
 * What the compactor needs of a lake: list a folder, read a file, create a file that is
 * not there yet (durably, whole or not at all), delete files. The local folder and S3
 * implement it; paths are relative to the lake root, with `/`.
 */
export interface LakeStore {
  /** e.g. `file:///data/lake` or `s3://bucket/prefix`, for logs */
  readonly url: string;
  /** The files and folders directly in `folder` (names only); empty when it does not exist. */
  list(folder: string): Promise<{ files: string[]; folders: string[] }>;
  read(path: string): Promise<Buffer>;
  /** Put `body` at `path` unless a file is there: `written`, or `exists` (left as it is). */
  create(path: string, body: Buffer): Promise<'written' | 'exists'>;
  /** Delete files; those already gone are fine. */
  remove(paths: string[]): Promise<void>;
  /** Delete a folder and everything below it. */
  removeFolder(folder: string): Promise<void>;
  /** The location of a folder as a catalog names it (`s3://...`), for the Glue partition. */
  locationOf(folder: string): string;
  close(): Promise<void>;
}
