/**
 * Where records land: `<topic>/dt=YYYY-MM-DD/hour=HH/<topic>+<partition>+<startOffset>.<ext>`
 * for Bronze files and the same under `rejected/` for rejected records. `dt` and `hour`
 * are always computed here from a number, never copied from a payload, and every path is
 * checked against the one shape it may have before anything is written.
 */

const HOUR_MS = 3_600_000;

/** The `dt=` and `hour=` values of an instant (UTC). */
export interface HourPartition {
  dt: string;
  hour: string;
}

/** The folder the rejected records of every topic live under. */
export const REJECTED_AREA = 'rejected';

/** Each source's own rule for the names of what it reads (Kafka topics, Kinesis streams). */
const SOURCE_NAMES = {
  kafka: {
    pattern: /^[A-Za-z0-9._-]{1,249}$/,
    rule: 'Kafka topic names use only letters, digits, ".", "_" and "-" (at most 249)',
  },
  kinesis: {
    pattern: /^[A-Za-z0-9._-]{1,128}$/,
    rule: 'Kinesis stream names use only letters, digits, ".", "_" and "-" (at most 128)',
  },
} as const;
const SAFE_PATH =
  /^(rejected\/)?[A-Za-z0-9._-]+\/dt=\d{4}-\d{2}-\d{2}\/hour=\d{2}\/[A-Za-z0-9._-]+\+\d+\+\d+\.(jsonl\.gz|parquet)$/;

/** Why a topic (or stream) name cannot be a lake folder, or undefined when it can; minus the path tricks. */
export function unsafeTopicName(name: string, source: 'kafka' | 'kinesis' = 'kafka'): string | undefined {
  const { pattern, rule } = SOURCE_NAMES[source];
  if (!pattern.test(name)) return rule;
  if (name === '.' || name === '..') return `"${name}" would name a folder outside the lake`;
  if (name === REJECTED_AREA) return `"${REJECTED_AREA}" is the folder of rejected records`;
  if (name.startsWith('_')) return 'names starting with "_" are kept for the lake\'s own files';
  return undefined;
}

const cache = { bucket: Number.NaN, value: { dt: '', hour: '' } as HourPartition };

/** The hour partition of `ms`; consecutive records mostly share one, so the last is cached. */
export function hourPartition(ms: number): HourPartition {
  const bucket = Math.floor(ms / HOUR_MS);
  if (bucket !== cache.bucket) {
    const iso = new Date(bucket * HOUR_MS).toISOString();
    cache.bucket = bucket;
    cache.value = { dt: iso.slice(0, 10), hour: iso.slice(11, 13) };
  }
  return cache.value;
}

/** The relative path of a Bronze file (`ext` without the dot). */
export function bronzeFilePath(
  topic: string,
  part: HourPartition,
  partition: number,
  startOffset: number,
  ext: string,
): string {
  return `${topic}/dt=${part.dt}/hour=${part.hour}/${topic}+${partition}+${startOffset}.${ext}`;
}

/** The relative path of a file of rejected records. */
export function rejectedFilePath(topic: string, part: HourPartition, partition: number, startOffset: number): string {
  return `${REJECTED_AREA}/${bronzeFilePath(topic, part, partition, startOffset, 'jsonl.gz')}`;
}

/** True when `path` has exactly the shape of a lake file path (no `..`, no absolute path). */
export function isSafeLakePath(path: string): boolean {
  return SAFE_PATH.test(path) && !path.split('/').some((segment) => segment === '..' || segment === '.');
}
