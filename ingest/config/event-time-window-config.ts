/**
 * `event_time_window`, at the top of the ingest config (every topic's default) or on one
 * topic (overriding either side):
 *
 *   event_time_window: { future: 1d, past: 3650d }   # or `none` for no limit on a side
 *
 * Each side is a duration (`parseDuration`) measured from the record's Kafka timestamp.
 */
import type { YamlFile, YamlPath } from '../../src/config/yaml-file.js';
import { checkKeys, describeType, expectMap } from '../../src/config/yaml-shape.js';
import { parseDuration } from '../../src/config/duration.js';
import type { EventTimeWindow } from './ingest-config.js';

const SIDES = ['future', 'past'] as const;

/** The window at `path`, each side falling back to `fallback`'s. */
export function readEventTimeWindow(
  yaml: YamlFile,
  path: YamlPath,
  value: unknown,
  fallback: EventTimeWindow,
): EventTimeWindow {
  const map = expectMap(yaml, path, value);
  checkKeys(yaml, path, map, [...SIDES], '"event_time_window"');
  const side = (name: (typeof SIDES)[number], inherited: number | undefined): number | undefined => {
    const raw = map[name];
    if (raw === undefined || raw === null) return inherited;
    if (raw === 'none') return undefined;
    const ms = parseDuration(raw);
    if (ms === undefined) {
      const shown = typeof raw === 'string' || typeof raw === 'number' ? `"${String(raw)}"` : describeType(raw);
      throw yaml.error(
        [...path, name],
        `"event_time_window.${name}" must be a duration, got ${shown}`,
        'Write seconds or a number with a unit (s, m, h, d, w), e.g. 1d or 3650d; or none for no limit.',
      );
    }
    return ms;
  };
  const futureMs = side('future', fallback.futureMs);
  const pastMs = side('past', fallback.pastMs);
  return { ...(futureMs === undefined ? {} : { futureMs }), ...(pastMs === undefined ? {} : { pastMs }) };
}
