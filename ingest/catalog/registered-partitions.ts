/**
 * The partitions a registrar knows to be in the catalog, so a flush into an hour already
 * registered costs no catalog call. What it remembers is a hint, not the truth: someone
 * may drop a partition (or its table) behind the ingester's back. So, as a Kafka Connect
 * Hive sink or a Glue crawler user would expect the catalog to heal without a restart,
 * the memory is per process (a restart sends every partition it writes again), bounded
 * (the oldest entries are forgotten first: a long backfill touching thousands of hours
 * does not grow the process) and ages: a partition registered longer than `recheckMs` ago
 * is sent again on its next flush, which is harmless when it is there (AlreadyExists is
 * success) and puts it back when it is not. Only a successful registration is remembered,
 * with the columns of a typed table it got: once the table widens, the next flush into the
 * partition gives it the new columns too.
 */

export interface RegisteredPartitionsOptions {
  /** how long a registration is trusted before the next flush sends it again (ms) */
  recheckMs: number;
  /** at most this many partitions remembered; the oldest go first */
  limit: number;
  /** the clock; tests replace it */
  now?: () => number;
}

/** A partition is sent again at most this often while the ingester keeps writing to it. */
export const DEFAULT_RECHECK_MS = 15 * 60_000;
/** A year of hours for about nine tables; each entry is a short string and a number. */
export const DEFAULT_REMEMBERED_PARTITIONS = 80_000;

/** What the memory says of a partition: registered recently with these columns, with others, or nothing. */
export type PartitionStatus = 'registered' | 'stale-columns' | 'unknown';

export class RegisteredPartitions {
  /**
   * key -> when it was registered and the columns it got (a typed table's signature, '' for
   * others); a Map keeps insertion order, so the first key is the oldest
   */
  private readonly registeredAt = new Map<string, { at: number; columns: string }>();
  private readonly now: () => number;

  constructor(private readonly options: RegisteredPartitionsOptions) {
    if (!(options.recheckMs > 0)) throw new Error(`recheckMs must be above 0, got ${options.recheckMs}`);
    if (!Number.isInteger(options.limit) || options.limit < 1)
      throw new Error(`limit must be a positive whole number, got ${options.limit}`);
    this.now = options.now ?? Date.now;
  }

  /** Whether `key` was registered with `columns` recently enough to skip the catalog call. */
  has(key: string, columns = ''): boolean {
    return this.status(key, columns) === 'registered';
  }

  /**
   * `registered` when `key` was registered with `columns` less than `recheckMs` ago;
   * `stale-columns` when it was registered with other columns (its table has widened
   * since), however long ago; else `unknown` (an aged registration is forgotten).
   */
  status(key: string, columns = ''): PartitionStatus {
    const entry = this.registeredAt.get(key);
    if (entry === undefined) return 'unknown';
    if (entry.columns !== columns) return 'stale-columns';
    if (this.now() - entry.at < this.options.recheckMs) return 'registered';
    this.registeredAt.delete(key);
    return 'unknown';
  }

  /** Remember `key` as registered now with `columns` (call only once the catalog confirmed it). */
  add(key: string, columns = ''): void {
    this.registeredAt.delete(key);
    this.registeredAt.set(key, { at: this.now(), columns });
    while (this.registeredAt.size > this.options.limit) {
      const oldest = this.registeredAt.keys().next().value;
      if (oldest === undefined) break;
      this.registeredAt.delete(oldest);
    }
  }

  /** Forget every key starting with `prefix` (a dropped table's partitions went with it). */
  forgetPrefix(prefix: string): void {
    for (const key of this.registeredAt.keys()) if (key.startsWith(prefix)) this.registeredAt.delete(key);
  }

  get size(): number {
    return this.registeredAt.size;
  }
}
