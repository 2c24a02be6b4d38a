/**
 * The `compaction:` block of the ingest config, read by `strata lake compact`:
 *
 *   compaction:
 *     lateness: 1h              # an hour is closed this long after it ended
 *     target_file_size: 128MiB  # size of a compacted file
 *     retention: 1h             # replaced files stay this long for queries that named them
 *     interval: 15m             # the ingester also compacts this often (absent: only the command)
 *
 * Command-line flags win over it; every key is optional.
 */
import type { YamlFile, YamlPath } from '../../src/config/yaml-file.js';
import { checkKeys, expectMap } from '../../src/config/yaml-shape.js';
import { parseByteSize } from '../config/byte-size.js';
import { parseDuration } from '../../src/config/duration.js';

/** What the block sets. */
export interface CompactionSettings {
  latenessMs?: number;
  targetFileBytes?: number;
  retentionMs?: number;
  /** how often a running ingester compacts its lake; undefined: never */
  intervalMs?: number;
}

const KEYS = ['lateness', 'target_file_size', 'retention', 'interval'];

/** A duration that may be zero (`0`, `0s`), in ms; undefined when it is not a duration. */
export function durationOrZero(value: unknown): number | undefined {
  if (value === 0 || (typeof value === 'string' && /^\s*0+\s*[smhdw]?\s*$/.test(value))) return 0;
  return parseDuration(value);
}

/** Read the `compaction:` block (absent: nothing set). */
export function readCompactionSettings(yaml: YamlFile, value: unknown): CompactionSettings {
  const map = expectMap(yaml, ['compaction'], value);
  checkKeys(yaml, ['compaction'], map, KEYS, '"compaction"');
  const settings: CompactionSettings = {};
  const lateness = duration(yaml, ['compaction', 'lateness'], map.lateness);
  const retention = duration(yaml, ['compaction', 'retention'], map.retention);
  if (lateness !== undefined) settings.latenessMs = lateness;
  if (retention !== undefined) settings.retentionMs = retention;
  const interval = duration(yaml, ['compaction', 'interval'], map.interval);
  if (interval) settings.intervalMs = interval;
  if (map.target_file_size !== undefined && map.target_file_size !== null) {
    const bytes = parseByteSize(map.target_file_size);
    if (bytes === undefined) {
      throw yaml.error(
        ['compaction', 'target_file_size'],
        `"compaction.target_file_size" must be a size, got "${String(map.target_file_size)}"`,
        'Write a size with a unit, e.g. target_file_size: 128MiB.',
      );
    }
    settings.targetFileBytes = bytes;
  }
  return settings;
}

function duration(yaml: YamlFile, path: YamlPath, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = durationOrZero(value);
  if (ms === undefined) {
    throw yaml.error(
      path,
      `"${path.join('.')}" must be a duration, got "${String(value)}"`,
      'Write a number of seconds or a number with a unit: 90s, 30m, 2h, 7d.',
    );
  }
  return ms;
}
