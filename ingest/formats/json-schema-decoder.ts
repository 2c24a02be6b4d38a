/**
 * JSON Schema records from a Schema Registry (Confluent's JSON Schema serializer: the
 * 5-byte header, then the record's JSON text). The writer's schema, fetched by id and
 * compiled with Ajv leniently (producers' schemas carry keywords of their own), checks
 * the record; the payload is the JSON text as sent. A json-schema topic takes plain JSON
 * text too (JSON never starts with a 0 byte): such values are left to the classifier,
 * which checks them against the topic's own schema.
 */
import { isUtf8 } from 'node:buffer';
import type { ValidateFunction } from 'ajv';
import { compileJsonSchema, describeSchemaError } from '../config/topic-schema.js';
import type { RegistrySchema } from './registry-client.js';
import { RegistryDecoder, type Decoded } from './registry-decoder.js';

/** Decodes one json-schema topic. */
export class JsonSchemaDecoder extends RegistryDecoder<null, ValidateFunction> {
  override decode(value: Buffer): Decoded | undefined {
    return value.length > 0 && value[0] === 0 ? super.decode(value) : undefined;
  }

  protected compileReader(): null {
    return null;
  }

  protected compileWriter(schema: RegistrySchema): ValidateFunction {
    const parsed = JSON.parse(schema.schema) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error('the schema is not a JSON Schema object');
    }
    return compileJsonSchema(parsed, true);
  }

  protected decodeBody(validate: ValidateFunction, value: Buffer, start: number): Decoded {
    const body = value.subarray(start);
    if (!isUtf8(body)) return { ok: false, reason: 'not_utf8', detail: 'the value is not valid UTF-8' };
    const text = body.toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return { ok: false, reason: 'not_json', detail: (error as Error).message.slice(0, 300) };
    }
    if (!validate(parsed)) return { ok: false, reason: 'schema', detail: describeSchemaError(validate) };
    return { ok: true, parsed, literal: JSON.stringify(text) };
  }
}
