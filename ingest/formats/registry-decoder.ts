/**
 * Decoding of one topic's Schema Registry records (Confluent's wire format), shared by
 * the Avro and Protobuf decoders. Schemas are fetched before a batch is classified
 * (`prepare`), so classification itself stays synchronous and the same on every read:
 * a writer schema, its compiled form and its resolution against the topic's reader schema
 * are cached by id for the life of the process, and the reader schema is fetched once.
 */
import type { ReaderSchemaRef, TopicConfig } from '../config/ingest-config.js';
import type { RejectionReason } from '../records/rejection.js';
import { RegistryUnavailableError, SchemaNotFoundError, type RegistrySchema } from './registry-client.js';
import type { SchemaSource } from './schema-source.js';
import { readWireHeader, schemaIdOf, HEADER_BYTES } from './wire-format.js';

/**
 * A decoded record, or why it is rejected. `parsed` is the record as JSON values (bytes as
 * Buffers), or, on a topic without a JSON Schema to check it, at least the top-level field
 * its event time is read from; `literal` is the Bronze payload, the JSON text of the whole
 * record, already as the JSON string literal a Bronze line embeds (`payload-literal.ts`).
 */
export type Decoded =
  { ok: true; parsed: unknown; literal: string } | { ok: false; reason: RejectionReason; detail: string };

/** A schema another one refers to: the name it is referred to by (Avro full name, .proto import path) and its text. */
export interface ReferencedSchema {
  name: string;
  schema: string;
}

/** What a writer schema id came to: something the format decodes with, or why its records are rejected. */
type WriterEntry<W> = { ok: true; writer: W } | { ok: false; reason: RejectionReason; detail: string };

/** The Confluent `schemaType` of each registry format. */
const SCHEMA_TYPES = { avro: 'AVRO', protobuf: 'PROTOBUF', 'json-schema': 'JSON' } as const;

/** Decodes the records of one avro, protobuf or json-schema topic. `R`: the compiled reader, `W`: a compiled writer. */
export abstract class RegistryDecoder<R, W> {
  private readonly writers = new Map<number, WriterEntry<W>>();
  /** ids the registry could not be asked about in this batch (`on_unavailable: reject`) */
  private readonly unavailable = new Map<number, string>();
  /** undefined until fetched; null when the subject does not exist (records are read with their own schema) */
  private reader: R | null | undefined;
  /** the reader schema as the registry served it (typed Parquet columns come from it) */
  private readerText: RegistrySchema | null | undefined;
  private readonly schemaType: string;

  constructor(
    protected readonly topic: TopicConfig & { format: keyof typeof SCHEMA_TYPES },
    private readonly source: SchemaSource,
    private readonly onUnavailable: 'wait' | 'reject',
  ) {
    this.schemaType = SCHEMA_TYPES[topic.format];
  }

  /**
   * Fetches every schema `values` need and the reader schema. With `on_unavailable: wait`
   * an unreachable registry throws {@link RegistryUnavailableError} (the caller reads the
   * partition again later); with `reject` the records it concerns are rejected.
   */
  async prepare(values: Iterable<Buffer | null>): Promise<void> {
    this.unavailable.clear();
    try {
      if (this.reader === undefined) {
        this.reader = this.topic.readerSchema ? await this.fetchReader(this.topic.readerSchema) : null;
      }
    } catch (error) {
      if (!(error instanceof RegistryUnavailableError) || this.onUnavailable === 'wait') throw error;
    }
    // Records of a batch mostly share one schema id: only a change of id is looked up.
    let last = -1;
    for (const value of values) {
      const id = value === null ? -1 : schemaIdOf(value);
      if (id === last || id < 0 || this.writers.has(id) || this.unavailable.has(id)) continue;
      last = id;
      try {
        this.writers.set(id, await this.writerEntry(id));
      } catch (error) {
        if (!(error instanceof RegistryUnavailableError) || this.onUnavailable === 'wait') throw error;
        this.unavailable.set(id, error.message);
      }
    }
  }

  /**
   * Fetches the reader schema and compiles it as the writer of its own id too (the id most
   * records carry), before any record arrives. Never throws: what fails is asked again, and
   * reported, by the first batch that needs it.
   */
  async warmUp(): Promise<void> {
    try {
      await this.prepare([]);
      const id = this.readerText?.id;
      if (id === undefined || this.writers.has(id)) return;
      // Only a usable writer is kept: what fails is judged when a record carries the id.
      const entry = await this.writerEntry(id);
      if (entry.ok) this.writers.set(id, entry);
    } catch {
      // An unreachable registry: the batches wait for it (or reject their records) as configured.
    }
  }

  /** The topic's reader schema once fetched: undefined before, null when its subject does not exist. */
  get readerSchema(): RegistrySchema | null | undefined {
    return this.readerText;
  }

  /** Decodes one value; {@link prepare} has seen it. (Undefined: a plain JSON value a json-schema topic takes.) */
  decode(value: Buffer): Decoded | undefined {
    const id = schemaIdOf(value);
    if (id < 0)
      return { ok: false, reason: 'wire_format', detail: (readWireHeader(value) as { detail: string }).detail };
    if (this.reader === undefined) {
      return { ok: false, reason: 'registry_unavailable', detail: `reader schema of ${this.topic.name} not fetched` };
    }
    const entry = this.writers.get(id);
    if (!entry) {
      const why = this.unavailable.get(id) ?? `schema id ${id} was not fetched`;
      return { ok: false, reason: 'registry_unavailable', detail: why };
    }
    if (!entry.ok) return entry;
    return this.decodeBody(entry.writer, value, HEADER_BYTES);
  }

  private async fetchReader(ref: ReaderSchemaRef): Promise<R | null> {
    try {
      const schema = await this.source.subjectVersion(ref.subject, ref.version);
      if (schema.schemaType !== this.schemaType) {
        throw new Error(
          `the reader schema ${ref.subject} version ${ref.version} of topic ${this.topic.name} is ` +
            `${schema.schemaType}, not ${this.schemaType}`,
        );
      }
      const compiled = this.compileReader(schema, await this.referencedSchemas(schema));
      this.readerText = schema;
      return compiled;
    } catch (error) {
      if (error instanceof SchemaNotFoundError) {
        this.readerText = null;
        return null;
      }
      throw error;
    }
  }

  private async writerEntry(id: number): Promise<WriterEntry<W>> {
    let schema: RegistrySchema;
    let referenced: ReferencedSchema[];
    try {
      schema = await this.source.schemaById(id);
      referenced = await this.referencedSchemas(schema);
    } catch (error) {
      if (error instanceof SchemaNotFoundError) return { ok: false, reason: 'unknown_schema', detail: error.message };
      throw error;
    }
    if (schema.schemaType !== this.schemaType) {
      const detail = `schema id ${id} is ${schema.schemaType}, the topic is ${this.topic.format}`;
      return { ok: false, reason: 'schema_incompatible', detail };
    }
    try {
      return { ok: true, writer: this.compileWriter(schema, this.reader ?? null, referenced) };
    } catch (error) {
      const detail = `schema id ${id}: ${(error as Error).message}`.slice(0, 500);
      return { ok: false, reason: 'schema_incompatible', detail };
    }
  }

  /**
   * The schemas `schema` refers to (Confluent's schema references), each before the schemas
   * that use it, fetched by subject version; a missing one throws {@link SchemaNotFoundError}.
   */
  private async referencedSchemas(schema: RegistrySchema, seen = new Set<string>()): Promise<ReferencedSchema[]> {
    const found: ReferencedSchema[] = [];
    for (const reference of schema.references ?? []) {
      const key = `${reference.subject}\u0000${reference.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const referenced = await this.source.subjectVersion(reference.subject, reference.version);
      found.push(...(await this.referencedSchemas(referenced, seen)), {
        name: reference.name,
        schema: referenced.schema,
      });
    }
    return found;
  }

  /** Compiles the topic's reader schema, with the schemas it refers to. */
  protected abstract compileReader(schema: RegistrySchema, referenced: ReferencedSchema[]): R;
  /** Compiles a writer schema and its resolution to the reader (null: none); throws when incompatible. */
  protected abstract compileWriter(schema: RegistrySchema, reader: R | null, referenced: ReferencedSchema[]): W;
  /** Decodes the bytes after the 5-byte header. */
  protected abstract decodeBody(writer: W, value: Buffer, start: number): Decoded;
}
