/**
 * The lease table, kept in the lake itself (no DynamoDB): one folder per shard,
 * `.strata-leases/<application>/<stream>/<shardId>/`, holding numbered versions of the
 * shard's lease (`<version>.json`, zero-padded). A lease changes only by creating the next
 * version with the lake's create-if-absent write (a hard link locally, `If-None-Match: *`
 * on S3): of two writers that read version n, exactly one creates n + 1, the other learns
 * that it lost. This is a compare-and-swap on the lease, as DynamoDB's conditional update
 * is for KCL, built on the one primitive the lake already relies on for its data files.
 */
import type { LakeStore } from '../../compaction/lake-store.js';

/** Where a shard's reading stands. */
export type Checkpoint = 'TRIM_HORIZON' | 'LATEST' | 'SHARD_END' | { sequenceNumber: string };

export interface Lease {
  stream: string;
  shardId: string;
  parents: string[];
  /** the worker holding the lease; null when free */
  owner: string | null;
  checkpoint: Checkpoint;
  /**
   * A flush under way: the last sequence number of its records. Whoever reads the shard
   * next flushes exactly up to here first, so the files of a flush are the same whoever
   * writes them (see CONTEXT.md).
   */
  pendingEnd?: string;
  /** the first sequence number of the flush under way: a replay that cannot read it knows records expired */
  pendingStart?: string;
  /** bumps on every change; a lease whose version stays still for the failover time has expired */
  version: number;
}

const ROOT = '.strata-leases';
const KEEP_VERSIONS = 3;

const pad = (version: number): string => String(version).padStart(16, '0');

export class LeaseTable {
  constructor(
    private readonly store: LakeStore,
    private readonly application: string,
  ) {}

  /** The current lease of every shard of `stream` the table knows. */
  async list(stream: string): Promise<Lease[]> {
    const { folders } = await this.store.list(this.streamFolder(stream));
    const leases = await Promise.all(folders.map((shardId) => this.get(stream, shardId)));
    return leases.filter((lease): lease is Lease => lease !== undefined);
  }

  /** The current lease of a shard, undefined when the table has none. */
  async get(stream: string, shardId: string): Promise<Lease | undefined> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const versions = await this.versions(stream, shardId);
      const latest = versions.at(-1);
      if (latest === undefined) return undefined;
      try {
        const body = await this.store.read(`${this.shardFolder(stream, shardId)}/${pad(latest)}.json`);
        return { ...(JSON.parse(body.toString('utf8')) as Lease), version: latest };
      } catch (error) {
        // A newer writer removed old versions between the listing and the read: list again.
        if (attempt === 2) throw error;
      }
    }
    return undefined;
  }

  /** Create a shard's first lease; false when one exists already. */
  async create(lease: Omit<Lease, 'version'>): Promise<boolean> {
    return (await this.write({ ...lease, version: 0 })) === 'written';
  }

  /**
   * Replace `lease` (as read, with its version) by `next`: the new lease when this call
   * made the change, undefined when another writer changed the lease first.
   */
  async update(lease: Lease, next: Omit<Lease, 'version' | 'stream' | 'shardId'>): Promise<Lease | undefined> {
    const written: Lease = { ...next, stream: lease.stream, shardId: lease.shardId, version: lease.version + 1 };
    if ((await this.write(written)) !== 'written') return undefined;
    // Pruning frees old numbers: a writer that read a lease long ago can create a version
    // that was pruned. The newest version is never pruned, so one above ours means we lost.
    if ((await this.versions(lease.stream, lease.shardId)).at(-1) !== written.version) return undefined;
    void this.prune(written).catch(() => undefined);
    return written;
  }

  private async write(lease: Lease): Promise<'written' | 'exists'> {
    const { version, ...body } = lease;
    const path = `${this.shardFolder(lease.stream, lease.shardId)}/${pad(version)}.json`;
    return this.store.create(path, Buffer.from(`${JSON.stringify(body)}\n`, 'utf8'));
  }

  /** Old versions are of no use once newer ones exist; a few stay for readers that listed before. */
  private async prune(lease: Lease): Promise<void> {
    const stale = (await this.versions(lease.stream, lease.shardId)).filter((v) => v <= lease.version - KEEP_VERSIONS);
    if (stale.length === 0) return;
    const folder = this.shardFolder(lease.stream, lease.shardId);
    await this.store.remove(stale.map((version) => `${folder}/${pad(version)}.json`));
  }

  private async versions(stream: string, shardId: string): Promise<number[]> {
    const { files } = await this.store.list(this.shardFolder(stream, shardId));
    return files
      .map((name) => /^(\d{16})\.json$/.exec(name)?.[1])
      .filter((digits): digits is string => digits !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  private streamFolder(stream: string): string {
    return `${ROOT}/${this.application}/${stream}`;
  }

  private shardFolder(stream: string, shardId: string): string {
    return `${this.streamFolder(stream)}/${shardId}`;
  }
}
