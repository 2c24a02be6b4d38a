/**
 * A client of Confluent's Schema Registry REST API (served by Confluent, Apicurio's
 * `/apis/ccompat/v7`, Karapace, Redpanda): schemas by id and by subject version. It never
 * logs or returns the credentials it sends.
 */
import type { SchemaRegistryConfig } from '../config/ingest-config.js';

/** A schema as the registry serves it. */
export interface RegistrySchema {
  id: number;
  /** `AVRO` (the API's default when the field is absent), `PROTOBUF` or `JSON` */
  schemaType: string;
  /** the schema text: Avro JSON, a .proto file, or a JSON Schema */
  schema: string;
  /** schemas this one uses, registered under other subjects (Avro named types, Protobuf imports) */
  references?: SchemaReference[];
}

/** A reference as Confluent's API serves it: the name the schema uses, and where the named schema is registered. */
export interface SchemaReference {
  /** the Avro full name, or the Protobuf import path */
  name: string;
  subject: string;
  version: number;
}

/** The registry did not answer usefully (network, timeout, 5xx, auth): the record must wait, not be judged. */
export class RegistryUnavailableError extends Error {}

/** The registry answered that the schema does not exist (404): the record itself is at fault. */
export class SchemaNotFoundError extends Error {}

const TIMEOUT_MS = 10_000;

/** Reads schemas from one registry. */
export class SchemaRegistryClient {
  private readonly headers: Record<string, string>;

  constructor(private readonly config: SchemaRegistryConfig) {
    this.headers = { accept: 'application/vnd.schemaregistry.v1+json, application/json' };
    const auth = config.auth;
    if (auth?.kind === 'basic') {
      this.headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    } else if (auth?.kind === 'bearer') {
      this.headers.authorization = `Bearer ${auth.token}`;
    }
  }

  /** The schema a record's wire-format id names. */
  async schemaById(id: number): Promise<RegistrySchema> {
    const body = await this.request(`/schemas/ids/${id}`, `schema id ${id}`);
    return { id, schemaType: String(body.schemaType ?? 'AVRO'), schema: String(body.schema), references: refs(body) };
  }

  /** A version (`latest` or a number) of a subject. */
  async subjectVersion(subject: string, version: number | 'latest'): Promise<RegistrySchema> {
    const what = `subject "${subject}" version ${version}`;
    const body = await this.request(`/subjects/${encodeURIComponent(subject)}/versions/${version}`, what);
    const schemaType = String(body.schemaType ?? 'AVRO');
    return { id: Number(body.id), schemaType, schema: String(body.schema), references: refs(body) };
  }

  /** Registers `schema` under `subject` (or finds it registered) and returns its id. */
  async register(subject: string, schemaType: 'AVRO' | 'PROTOBUF', schema: string): Promise<number> {
    const body = await this.request(`/subjects/${encodeURIComponent(subject)}/versions`, `subject "${subject}"`, {
      method: 'POST',
      body: JSON.stringify({ schemaType, schema }),
    });
    return Number(body.id);
  }

  private async request(
    path: string,
    what: string,
    post?: { method: 'POST'; body: string },
  ): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await fetch(`${this.config.url}${path}`, {
        ...post,
        headers: post ? { ...this.headers, 'content-type': 'application/vnd.schemaregistry.v1+json' } : this.headers,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new RegistryUnavailableError(`the schema registry did not answer for ${what} (${cause})`);
    }
    if (response.status === 404) {
      throw new SchemaNotFoundError(`the schema registry has no ${what}`);
    }
    if (post && !response.ok && response.status < 500 && response.status !== 401 && response.status !== 403) {
      throw new SchemaNotFoundError(`the schema registry refused ${what}: ${response.status} ${await response.text()}`);
    }
    if (!response.ok) {
      // 401/403 are a configuration problem an operator fixes without losing records: wait too.
      throw new RegistryUnavailableError(`the schema registry answered ${response.status} for ${what}`);
    }
    return (await response.json()) as Record<string, unknown>;
  }
}

function refs(body: Record<string, unknown>): SchemaReference[] {
  if (!Array.isArray(body.references)) return [];
  return (body.references as Array<Record<string, unknown>>).map((reference) => ({
    name: String(reference.name),
    subject: String(reference.subject),
    version: Number(reference.version),
  }));
}
