/**
 * Broken copies of real events, as buggy clients and services send them: still valid
 * JSON, but with a missing id, a wrong type, a negative amount or quantity, an unknown
 * event type, or a timestamp nobody can parse. Each copy gets a fresh event id (unless
 * the id is what is missing), so it never hides or replaces the event it was copied from.
 */
import type { Rng } from './prng.js';
import type { MalformedReason, Payload, ShopEvent } from './event-types.js';

export interface MalformedCopy {
  payload: Payload;
  reason: MalformedReason;
}

const UNKNOWN_EVENT_TYPES = ['test_event', 'PAGE_VIEW', 'order_plcaed', 'debug_ping', ''];

/** Corrupt a copy of an event in one way that applies to it. */
export function corruptEvent(event: ShopEvent, rng: Rng): MalformedCopy {
  const payload: Payload = { ...event.payload, event_id: rng.uuid() };
  const reason = rng.pick(applicableReasons(event));
  switch (reason) {
    case 'missing_id':
      delete payload[rng.chance(0.4) ? 'event_id' : entityIdField(event)];
      break;
    case 'wrong_type':
      payload[numericField(event) as string] = rng.pick(['abc', 'N/A', 'twelve', '12,50']);
      break;
    case 'negative_value':
      negate(payload, event);
      break;
    case 'unknown_event_type':
      payload.event_type = rng.pick(UNKNOWN_EVENT_TYPES);
      break;
    case 'bad_timestamp':
      payload.event_time = badTimestamp(event.eventTimeMs, rng);
      break;
  }
  return { payload, reason };
}

function applicableReasons(event: ShopEvent): MalformedReason[] {
  const reasons: MalformedReason[] = ['missing_id', 'unknown_event_type', 'bad_timestamp'];
  if (numericField(event) !== undefined) reasons.push('wrong_type', 'negative_value');
  return reasons;
}

function entityIdField(event: ShopEvent): string {
  if (event.topic === 'orders') return 'order_id';
  if (event.topic === 'payments') return 'payment_id';
  return 'user_id';
}

/** The numeric field a wrong type or a negative value goes into, if the event has one. */
function numericField(event: ShopEvent): string | undefined {
  if (event.topic === 'orders') return 'total_amount';
  if (event.topic === 'payments') return 'amount';
  if (event.payload.event_type === 'add_to_cart' || event.payload.event_type === 'remove_from_cart') return 'quantity';
  if (event.payload.event_type === 'checkout_started') return 'cart_value';
  return undefined;
}

function negate(payload: Payload, event: ShopEvent): void {
  if (event.topic === 'orders') {
    // A negative quantity on one line, the order's totals untouched.
    const items = (payload.items as Payload[]).map((item) => ({ ...item }));
    const first = items[0] as Payload;
    first.quantity = -Math.max(1, Number(first.quantity));
    payload.items = items;
    return;
  }
  const field = numericField(event) as string;
  payload[field] = -Math.max(1, Number(payload[field]));
}

function badTimestamp(eventTimeMs: number, rng: Rng): unknown {
  const iso = new Date(eventTimeMs).toISOString();
  const [date = '', time = ''] = iso.split('T');
  const [year, month, day] = date.split('-');
  return rng.pick<unknown>([
    'not-a-timestamp',
    `${date}T25:61:00Z`,
    `${day}/${month}/${year} ${time.slice(0, 5)}`,
    eventTimeMs,
    '',
  ]);
}
