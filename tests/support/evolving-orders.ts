/**
 * A small order event whose JSON Schema gains fields between two versions (a new field in
 * the nested `shipping` record, a new optional top-level `coupon`), as typed Parquet schemas,
 * and the Bronze lines of one Kafka partition of such events, for the suites that land a
 * typed hour whose schema evolved between flushes.
 */
import { jsonSchemaFields } from '../../ingest/formats/parquet-schema-json.js';
import type { TypedSchema } from '../../ingest/formats/parquet-schema.js';

const V1 = {
  type: 'object',
  properties: {
    event_id: { type: 'string' },
    amount: { type: 'integer' },
    shipping: { type: 'object', properties: { country: { type: 'string' } } },
  },
};
/** v2: a new field in the nested record and a new optional field (compatible evolution). */
const V2 = {
  ...V1,
  properties: {
    ...V1.properties,
    shipping: { type: 'object', properties: { country: { type: 'string' }, city: { type: 'string' } } },
    coupon: { type: ['string', 'null'] },
  },
};

/** The two versions as typed Parquet schemas, v1 then v2. */
export const EVOLVING_ORDER_SCHEMAS: TypedSchema[] = [V1, V2].map((schema, index) => ({
  source: `v${index + 1}`,
  fields: jsonSchemaFields(schema),
}));

/** The Bronze line of the order at `offset` of partition 0 of `orders`, received in `hour` of `dt`. */
export function evolvingOrderLine(offset: number, v2: boolean, dt: string, hour: string): string {
  const payload = {
    event_id: `e-${String(offset).padStart(2, '0')}`,
    amount: offset,
    shipping: v2 ? { country: 'FR', city: `city-${offset}` } : { country: 'FR' },
    ...(v2 ? { coupon: `C${offset}` } : {}),
  };
  return JSON.stringify({
    topic: 'orders',
    partition: 0,
    offset,
    kafka_timestamp: `${dt}T${hour}:00:00.000Z`,
    ingested_at: `${dt}T${hour}:00:01.000Z`,
    event_time_source: 'payload',
    payload: JSON.stringify(payload),
    headers: [],
  });
}
