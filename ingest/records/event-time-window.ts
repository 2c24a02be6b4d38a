/**
 * Whether a payload's event time is plausible for its record: within the topic's window
 * around the record's Kafka timestamp. Years in the future or decades in the past are
 * almost always a bug (seconds read as milliseconds, a zero default, a wrong zone) and
 * would scatter records into `dt=` folders nobody reads; they are rejected instead.
 */
import type { EventTimeWindow } from '../config/ingest-config.js';
import { formatDuration } from '../../src/config/duration.js';
import { isoMillis } from './utc-instant.js';

/** Why `eventMs` lies outside `window` around `kafkaMs`, or undefined when it is inside. */
export function outsideEventTimeWindow(
  eventMs: number,
  kafkaMs: number,
  window: EventTimeWindow,
  /** how the source names the record's own time */
  recordTime = 'Kafka timestamp',
): string | undefined {
  const { futureMs, pastMs } = window;
  const eventTime = `event time ${isoMillis(eventMs)}`;
  const kafkaTime = `the ${recordTime} ${isoMillis(kafkaMs)}`;
  if (futureMs !== undefined && eventMs - kafkaMs > futureMs) {
    return `${eventTime} is more than ${formatDuration(futureMs)} after ${kafkaTime} (event_time_window.future)`;
  }
  if (pastMs !== undefined && kafkaMs - eventMs > pastMs) {
    return `${eventTime} is more than ${formatDuration(pastMs)} before ${kafkaTime} (event_time_window.past)`;
  }
  return undefined;
}
