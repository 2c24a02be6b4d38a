/**
 * The JSON Schema of the benchmark's clickstream events (bench/ingest-throughput.ts), for
 * runs that validate JSON events or land them as typed Parquet: the same fields as the
 * Avro schema of bench/avro-events.ts, event_time a date-time.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STRINGS = [
  'event_id',
  'event_type',
  'user_id',
  'session_id',
  'device',
  'channel',
  'page_type',
  'page_path',
  'referrer',
  'user_agent',
  'country_code',
  'city',
];

const SCHEMA = {
  type: 'object',
  required: [...STRINGS, 'event_time', 'sequence'],
  properties: {
    ...Object.fromEntries(STRINGS.map((name) => [name, { type: 'string' }])),
    event_time: { type: 'string', format: 'date-time' },
    sequence: { type: 'integer' },
  },
};

/** Writes the schema into `dir`; returns its path. */
export function writeEventSchema(dir: string): string {
  const path = join(dir, 'bench-events.schema.json');
  writeFileSync(path, JSON.stringify(SCHEMA));
  return path;
}
