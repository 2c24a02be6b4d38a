/**
 * How events reach Kafka: a producer timestamp a moment after the event (or hours
 * after, for clients that were offline), occasional re-sends of the very same bytes,
 * and occasional broken copies.
 */
import type { Rng } from './prng.js';
import type { ProducedRecord, ShopEvent } from './event-types.js';
import { HOUR_MS } from './event-types.js';
import { corruptEvent } from './malformed.js';

export interface DeliveryShares {
  /** broken copies per event */
  malformedShare: number;
  /** exact re-sends per event */
  duplicateShare: number;
  /** events delivered hours late */
  lateShare: number;
}

/** The records one business event turns into. */
export function deliver(event: ShopEvent, shares: DeliveryShares, rng: Rng): ProducedRecord[] {
  const late = rng.chance(shares.lateShare);
  const timestampMs = late
    ? event.eventTimeMs + rng.int(HOUR_MS, 30 * HOUR_MS)
    : event.eventTimeMs + rng.int(15, 1_500);
  const value = JSON.stringify(event.payload);
  const record: ProducedRecord = { topic: event.topic, key: event.userId, value, timestampMs, kind: 'valid', late };
  const records = [record];
  if (rng.chance(shares.duplicateShare)) {
    records.push({ ...record, kind: 'duplicate', timestampMs: timestampMs + rng.int(40, 5_000) });
  }
  if (rng.chance(shares.malformedShare)) {
    const copy = corruptEvent(event, rng);
    records.push({
      ...record,
      kind: 'malformed',
      value: JSON.stringify(copy.payload),
      timestampMs: timestampMs + rng.int(1, 2_000),
      malformedReason: copy.reason,
    });
  }
  return records;
}
