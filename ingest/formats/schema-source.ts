/**
 * Where decoders get schemas: the registry client behind one cache shared by every topic
 * (schema ids are global to a registry), so each id is fetched once per process.
 */
import type { RegistrySchema, SchemaRegistryClient } from './registry-client.js';

/** Schemas by id and by subject version, cached. */
export class SchemaSource {
  private readonly byId = new Map<number, Promise<RegistrySchema>>();

  constructor(private readonly client: Pick<SchemaRegistryClient, 'schemaById' | 'subjectVersion'>) {}

  /** The schema of `id`; a failed fetch is forgotten so the next call asks again. */
  schemaById(id: number): Promise<RegistrySchema> {
    let schema = this.byId.get(id);
    if (!schema) {
      schema = this.client.schemaById(id);
      this.byId.set(id, schema);
      schema.catch(() => this.byId.delete(id));
    }
    return schema;
  }

  /** A subject version, fetched each time (a topic asks once). */
  subjectVersion(subject: string, version: number | 'latest'): Promise<RegistrySchema> {
    return this.client.subjectVersion(subject, version);
  }
}
