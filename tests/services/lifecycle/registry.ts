import { awsService } from '../aws/aws-service.js';
import { kafkaService } from '../kafka/kafka-service.js';
import { kinesisEfoService } from '../kinesis-efo/kinesis-efo-service.js';
import { postgresService } from '../postgres/postgres-service.js';
import { schemaRegistryService } from '../schema-registry/schema-registry-service.js';
import type { ServiceDefinition, ServiceName } from './service.js';
import { snowflakeService } from '../snowflake/snowflake-service.js';
import { trinoService } from '../trino/trino-service.js';

/**
 * Every service the project can start, by name. A new service is one definition file
 * (see service.ts) and one line here.
 */
export const SERVICES: Partial<Record<ServiceName, ServiceDefinition>> = {
  kafka: kafkaService,
  aws: awsService,
  postgres: postgresService,
  snowflake: snowflakeService, // the Snowflake-protocol server (snowflake-service.ts)
  trino: trinoService, // Athena's engine, on the aws service's Glue and S3 (trino-service.ts)
  'schema-registry': schemaRegistryService, // Apicurio Registry with Confluent's API (schema-registry-service.ts)
  'kinesis-efo': kinesisEfoService, // Kinesis with SubscribeToShard, ferrokinesis (kinesis-efo-service.ts)
};

/** Names of the registered services, in a stable order. */
export function registeredServiceNames(): ServiceName[] {
  return Object.keys(SERVICES) as ServiceName[];
}

/** The definition of a registered service; throws a usage error naming the known ones. */
export function serviceDefinition(name: string): ServiceDefinition {
  const definition = SERVICES[name as ServiceName];
  if (!definition) throw new Error(`unknown service "${name}" (known: ${registeredServiceNames().join(', ')})`);
  return definition;
}
