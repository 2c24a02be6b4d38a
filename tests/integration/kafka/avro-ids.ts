/** The id events of `ingest-ids.ts` as Avro in Confluent's wire format, with their schema registered. */
import { avroType } from '../../../ingest/formats/avro-decoder.js';
import { wireHeader } from '../../../ingest/formats/wire-format.js';
import type { OutgoingMessage } from '../../support/ingest-harness.js';
import { registerSchema } from '../../support/schema-registry.js';
import { idEvent } from './ingest-ids.js';

/** The Avro schema of an id event; its event time is a timestamp-millis. */
export const ID_EVENT_SCHEMA = {
  type: 'record',
  name: 'IdEvent',
  namespace: 'strata.tests',
  fields: [
    { name: 'id', type: 'int' },
    { name: 'event_type', type: 'string' },
    { name: 'event_time', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'user_id', type: 'string' },
    { name: 'page_path', type: 'string' },
  ],
};

/** Registers the schema under `<topic>-value` and returns the maker of events for `produce`. */
export async function avroIdEvents(
  registryUrl: string,
  topic: string,
): Promise<(index: number, total: number) => OutgoingMessage> {
  const id = await registerSchema(registryUrl, `${topic}-value`, ID_EVENT_SCHEMA);
  const type = avroType(JSON.stringify(ID_EVENT_SCHEMA));
  const header = wireHeader(id);
  return (index, total) => {
    const event = idEvent(index, total);
    const record = JSON.parse(event.value as string) as Record<string, unknown>;
    return { ...event, value: Buffer.concat([header, type.toBuffer(record)]) };
  };
}
