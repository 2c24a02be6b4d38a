/** A topic's config for record tests, with an optional compiled schema. */
import { Ajv } from 'ajv';
import { DEFAULTS, type TopicConfig } from '../../../../ingest/config/ingest-config.js';

export function topicConfig(overrides: Partial<TopicConfig> & { schema?: object } = {}): TopicConfig {
  const { schema, ...rest } = overrides;
  return {
    name: 'orders',
    format: 'json',
    table: 'orders',
    eventTimeField: 'event_time',
    eventTimeFormat: 'iso8601',
    timeZone: 'UTC',
    onMissingEventTime: 'kafka_timestamp',
    eventTimeWindow: { ...DEFAULTS.eventTimeWindow },
    ...(schema ? { validate: new Ajv({ allowUnionTypes: true }).compile(schema) } : {}),
    ...rest,
  };
}
