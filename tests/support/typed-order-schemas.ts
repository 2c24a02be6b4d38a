/**
 * The order event the typed Parquet suites land (nested record, list of records, a
 * timestamp and a decimal) as an Avro schema in its versions, and the ingest metadata
 * columns every typed Bronze file carries beside the payload's, as DuckDB reads them.
 */

/** The Avro `Order` record; `city` adds an optional field to the nested `Shipping`, `coupon` one at the top. */
export function avroOrderSchema(options: { city?: boolean; coupon?: boolean } = {}): object {
  const shipping = [
    { name: 'country', type: 'string' },
    ...(options.city ? [{ name: 'city', type: ['null', 'string'], default: null }] : []),
  ];
  return {
    type: 'record',
    name: 'Order',
    namespace: 'shop',
    fields: [
      { name: 'order_id', type: 'string' },
      { name: 'event_time', type: { type: 'long', logicalType: 'timestamp-millis' } },
      { name: 'total', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
      {
        name: 'items',
        type: {
          type: 'array',
          items: {
            type: 'record',
            name: 'Item',
            fields: [
              { name: 'sku', type: 'string' },
              { name: 'quantity', type: 'int' },
            ],
          },
        },
      },
      { name: 'shipping', type: { type: 'record', name: 'Shipping', fields: shipping } },
      ...(options.coupon ? [{ name: 'coupon', type: ['null', 'string'], default: null }] : []),
    ],
  };
}

/** The ingest metadata columns of a typed Bronze Parquet file, with the types DuckDB reads. */
export const TYPED_ENVELOPE_DUCKDB_TYPES = {
  topic: 'VARCHAR',
  partition: 'INTEGER',
  offset: 'BIGINT',
  kafka_timestamp: 'VARCHAR',
  ingested_at: 'VARCHAR',
  event_time_source: 'VARCHAR',
  headers: 'STRUCT("key" VARCHAR, "value" VARCHAR, value_base64 VARCHAR)[]',
};
