/**
 * The event model: a reproducible stream of e-commerce records for the `users`,
 * `clickstream`, `orders` and `payments` topics, in producer-timestamp order. Sinks
 * (the lake files here, a Kafka producer) consume the same stream.
 */
import { createRng, deriveSeed } from './prng.js';
import type { ProducedRecord } from './event-types.js';
import { createCustomer } from './customers.js';
import { simulateShopper } from './shopper.js';
import { deliver, type DeliveryShares } from './delivery.js';

export interface EventModelOptions extends DeliveryShares {
  seed: number;
  users: number;
  days: number;
  /** first day of the window, `YYYY-MM-DD` (UTC) */
  startDate: string;
}

export const DEFAULT_EVENT_MODEL: Omit<EventModelOptions, 'seed'> = {
  users: 2000,
  days: 7,
  startDate: '2026-01-05',
  malformedShare: 0.01,
  duplicateShare: 0.02,
  lateShare: 0.02,
};

/** The model as given, every setting left out at its default. */
export function withModelDefaults(options: Partial<EventModelOptions> & { seed: number }): EventModelOptions {
  return {
    seed: options.seed,
    users: options.users ?? DEFAULT_EVENT_MODEL.users,
    days: options.days ?? DEFAULT_EVENT_MODEL.days,
    startDate: options.startDate ?? DEFAULT_EVENT_MODEL.startDate,
    malformedShare: options.malformedShare ?? DEFAULT_EVENT_MODEL.malformedShare,
    duplicateShare: options.duplicateShare ?? DEFAULT_EVENT_MODEL.duplicateShare,
    lateShare: options.lateShare ?? DEFAULT_EVENT_MODEL.lateShare,
  };
}

/** Streams the generator draws from, so that changing one share leaves the behaviour alone. */
const BEHAVIOUR_STREAM = 1;
const DELIVERY_STREAM = 2;

/** Every record of the sample, sorted by producer timestamp (ties keep generation order). */
export function buildEventStream(options: EventModelOptions): ProducedRecord[] {
  const startMs = Date.parse(`${options.startDate}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.startDate) || Number.isNaN(startMs)) {
    throw new Error(`startDate must be a YYYY-MM-DD date, got '${options.startDate}'`);
  }
  const records: ProducedRecord[] = [];
  for (let index = 0; index < options.users; index += 1) {
    const behaviour = createRng(deriveSeed(options.seed, index, BEHAVIOUR_STREAM));
    const delivery = createRng(deriveSeed(options.seed, index, DELIVERY_STREAM));
    const customer = createCustomer(index, behaviour);
    for (const event of simulateShopper(customer, { startMs, days: options.days }, behaviour)) {
      records.push(...deliver(event, options, delivery));
    }
  }
  const order = records.map((record, position) => ({ record, position }));
  order.sort((a, b) => a.record.timestampMs - b.record.timestampMs || a.position - b.position);
  return order.map((entry) => entry.record);
}
