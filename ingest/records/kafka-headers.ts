/**
 * Kafka record headers as the lake keeps them: a JSON array of
 * `{"key": ..., "value": ..., "value_base64": ...}`, one element per header, in the order
 * the consumer reports them (kafkajs groups repeated keys, in arrival order). A value that
 * is valid UTF-8 is kept as text in `value` (`value_base64` null); any other value is kept
 * as base64 in `value_base64` (`value` null); a null value has both null. So every byte
 * survives, text headers stay readable, and every line has the same shape (`[]` when
 * there are none), which DuckDB reads as `STRUCT(key, value, value_base64)[]`.
 */
import { isUtf8 } from 'node:buffer';

/** One header value as kafkajs delivers it (a Buffer on the consumer side). */
export type KafkaHeaderValue = Buffer | string | null | undefined;

/** kafkajs's `IHeaders`: repeated keys arrive as an array. */
export type KafkaHeaders = Record<string, KafkaHeaderValue | KafkaHeaderValue[]>;

/** The JSON text of a record's headers, `[]` when it has none. */
export function headersJson(headers: KafkaHeaders | undefined): string {
  if (!headers) return '[]';
  const parts: string[] = [];
  for (const key of Object.keys(headers)) {
    const value = headers[key];
    if (Array.isArray(value)) for (const item of value) parts.push(headerJson(key, item));
    else parts.push(headerJson(key, value));
  }
  return `[${parts.join(',')}]`;
}

function headerJson(key: string, value: KafkaHeaderValue): string {
  const name = JSON.stringify(key);
  if (value === null || value === undefined) return `{"key":${name},"value":null,"value_base64":null}`;
  if (typeof value === 'string') return `{"key":${name},"value":${JSON.stringify(value)},"value_base64":null}`;
  if (isUtf8(value)) return `{"key":${name},"value":${JSON.stringify(value.toString('utf8'))},"value_base64":null}`;
  return `{"key":${name},"value":null,"value_base64":"${value.toString('base64')}"}`;
}
