/**
 * The Glue table a Bronze topic lands in: the ingester's envelope as columns, `dt` and
 * `hour` as partition keys, and the storage (SerDe, input and output formats) of the
 * lake's file format, so Athena, Spark and Trino read the same files the ingester wrote.
 */
import type { Column, StorageDescriptor, TableInput } from '@aws-sdk/client-glue';

export type BronzeFormat = 'jsonl' | 'parquet';

/** One envelope per record: where it came from, when, and the payload exactly as produced. */
export const BRONZE_COLUMNS: readonly Column[] = [
  { Name: 'topic', Type: 'string', Comment: 'Kafka topic' },
  { Name: 'partition', Type: 'int', Comment: 'Kafka partition' },
  { Name: 'offset', Type: 'bigint', Comment: 'Kafka offset within the partition' },
  { Name: 'kafka_timestamp', Type: 'string', Comment: 'Kafka record timestamp, ISO-8601 UTC' },
  { Name: 'ingested_at', Type: 'string', Comment: 'when the ingester read the record, ISO-8601 UTC' },
  { Name: 'event_time_source', Type: 'string', Comment: "what placed the record in dt/hour: 'payload' or 'kafka'" },
  { Name: 'payload', Type: 'string', Comment: 'the record value, unchanged' },
  {
    Name: 'headers',
    Type: 'array<struct<key:string,value:string,value_base64:string>>',
    Comment: 'Kafka headers: UTF-8 values in value, others base64 in value_base64',
  },
];

export const BRONZE_PARTITION_KEYS: readonly Column[] = [
  { Name: 'dt', Type: 'string', Comment: 'event date, YYYY-MM-DD' },
  { Name: 'hour', Type: 'string', Comment: 'event hour, HH' },
];

export const JSON_SERDE = 'org.openx.data.jsonserde.JsonSerDe';
export const PARQUET_SERDE = 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe';

/** The storage of a Bronze table (or of one of its partitions) in `format` at `location`. */
export function bronzeStorage(format: BronzeFormat, location: string): StorageDescriptor {
  const Columns = BRONZE_COLUMNS.map((column) => ({ ...column }));
  if (format === 'parquet') {
    return {
      Location: location,
      Columns,
      InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      Compressed: false,
      SerdeInfo: { SerializationLibrary: PARQUET_SERDE, Parameters: { 'serialization.format': '1' } },
    };
  }
  return {
    Location: location,
    Columns,
    // Hadoop's text input decompresses `.gz` files by their extension.
    InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    Compressed: true,
    SerdeInfo: {
      SerializationLibrary: JSON_SERDE,
      Parameters: { paths: BRONZE_COLUMNS.map((column) => column.Name).join(',') },
    },
  };
}

/** An external Bronze table partitioned by `dt` and `hour`. */
export function bronzeTableInput(name: string, format: BronzeFormat, location: string): TableInput {
  return {
    Name: name,
    Description: 'Bronze: Kafka records as landed by strata ingest',
    TableType: 'EXTERNAL_TABLE',
    Parameters:
      format === 'parquet'
        ? { EXTERNAL: 'TRUE', classification: 'parquet', typeOfData: 'file' }
        : { EXTERNAL: 'TRUE', classification: 'json', compressionType: 'gzip', typeOfData: 'file' },
    StorageDescriptor: bronzeStorage(format, folder(location)),
    PartitionKeys: BRONZE_PARTITION_KEYS.map((column) => ({ ...column })),
  };
}

/** A folder location ends with `/`, as Athena expects of a table root. */
export function folder(location: string): string {
  return location.endsWith('/') ? location : `${location}/`;
}
