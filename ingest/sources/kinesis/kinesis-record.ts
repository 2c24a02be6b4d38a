/**
 * A Kinesis record through the shared classifier: its data is the value, its partition
 * key the key, its approximate arrival time the timestamp (stored with the record, so it
 * is the same on every read), its sequence number the offset. The envelope of the Bronze
 * and rejected lines is the Kafka one (`topic` is the stream, `partition` the shard's
 * number, `offset` the sequence number, `kafka_timestamp` the arrival time), followed by
 * `shard_id`, `sequence_number` (a string: sequence numbers run past 2^53) and
 * `partition_key`.
 */
import type { ClassifiedRecord, RecordClassifier } from '../../records/record-classifier.js';
import type { ShardRecord } from './shard-api.js';

export function classifyKinesisRecord(
  classifier: RecordClassifier,
  record: ShardRecord,
  shardId: string,
  shardNumber: number,
  ingestedAt: string,
): ClassifiedRecord {
  const classified = classifier.classify(
    {
      key: Buffer.from(record.partitionKey, 'utf8'),
      value: Buffer.from(record.data.buffer, record.data.byteOffset, record.data.byteLength),
      timestamp: record.arrivalMs === undefined ? '-1' : String(record.arrivalMs),
      offset: record.sequenceNumber,
    },
    shardNumber,
    ingestedAt,
  );
  const extra =
    `,"shard_id":${JSON.stringify(shardId)},"sequence_number":${JSON.stringify(record.sequenceNumber)},` +
    `"partition_key":${JSON.stringify(record.partitionKey)}}`;
  return { ...classified, line: `${classified.line.slice(0, -1)}${extra}` };
}
