/**
 * The partitions a registrar knows to be in the catalog, so a flush into an hour already
 * registered costs no catalog call. What it remembers is a hint, not the truth: someone
 * may drop a partition (or its table) behind the ingester's back. So, as a Kafka Connect
 * Hive sink or a Glue crawler user would expect the catalog to heal without a restart,
 * the memory is per process (a restart sends every partition it writes again), bounded
 * (the oldest entries are forgotten first: a long backfill touching thousands of hours
 * does not grow the process) and ages: a partition registered longer than `recheckMs` ago
 * is sent again on its next flush, which is harmless when it is there (AlreadyExists is
 * success) and puts it back when it is not. Only a successful registration is remembered.
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

export class RegisteredPartitions {
  /** key -> when it was registered; a Map keeps insertion order, so the first key is the oldest */
  private readonly registeredAt = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: RegisteredPartitionsOptions) {
    if (!(options.recheckMs > 0)) throw new Error(`recheckMs must be above 0, got ${options.recheckMs}`);
    if (!Number.isInteger(options.limit) || options.limit < 1)
      throw new Error(`limit must be a positive whole number, got ${options.limit}`);
    this.now = options.now ?? Date.now;
  }

  /** Whether `key` was registered recently enough to skip the catalog call. */
  has(key: string): boolean {
    const at = this.registeredAt.get(key);
    if (at === undefined) return false;
    if (this.now() - at < this.options.recheckMs) return true;
    this.registeredAt.delete(key);
    return false;
  }

  /** Remember `key` as registered now (call only once the catalog confirmed it). */
  add(key: string): void {
    this.registeredAt.delete(key);
    this.registeredAt.set(key, this.now());
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
