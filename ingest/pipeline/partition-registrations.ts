/**
 * The `dt=/hour=` partitions of a flush's Bronze files, handed to the catalog's registrar
 * before the flush commits. The registrar remembers what it registered (and when to look
 * again), so a flush into a known hour costs no catalog call.
 */
import type { LakePartition, PartitionRegistrar, TypedColumn } from '../destination.js';

export class PartitionRegistrations {
  constructor(
    private readonly registrar: PartitionRegistrar | undefined,
    /** the table each topic (or stream) feeds */
    private readonly tableOf: (topic: string) => string,
    /** the destination's URL: partition locations start with it */
    private readonly destinationUrl: string,
    /** a typed Parquet topic's columns, registered with its partitions */
    private readonly typedColumnsOf?: (topic: string) => readonly TypedColumn[] | undefined,
  ) {}

  /** Register the partitions of `files` (of `topic`); rejected files have none. */
  async register(topic: string, files: ReadonlyArray<{ path: string; rejected: boolean }>): Promise<void> {
    const registrar = this.registrar;
    if (!registrar) return;
    const table = this.tableOf(topic);
    const base = this.destinationUrl.replace(/\/+$/, '');
    let typedColumns: readonly TypedColumn[] | undefined;
    const partitions = new Map<string, LakePartition>();
    for (const file of files) {
      if (file.rejected) continue;
      const match = /\/dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\//.exec(file.path);
      if (!match) continue;
      const [, dt = '', hour = ''] = match;
      const key = `${table}/${dt}/${hour}`;
      if (partitions.has(key)) continue;
      const location = `${base}/${topic}/dt=${dt}/hour=${hour}/`;
      typedColumns ??= this.typedColumnsOf?.(topic);
      partitions.set(key, { table, dt, hour, location, ...(typedColumns ? { typedColumns } : {}) });
    }
    if (partitions.size === 0) return;
    await registrar.register([...partitions.values()]);
  }
}
