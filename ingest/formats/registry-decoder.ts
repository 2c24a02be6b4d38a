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
import { readWireHeader, HEADER_BYTES } from './wire-format.js';

/** A decoded record (`text` is the Bronze payload: the JSON text of `parsed`), or why it is rejected. */
export type Decoded =
  { ok: true; parsed: unknown; text: string } | { ok: false; reason: RejectionReason; detail: string };

/** What a writer schema id came to: something the format decodes with, or why its records are rejected. */
type WriterEntry<W> = { ok: true; writer: W } | { ok: false; reason: RejectionReason; detail: string };

/** The Confluent `schemaType` of each registry format. */
const SCHEMA_TYPES = { avro: 'AVRO', protobuf: 'PROTOBUF' } as const;

/** Decodes the records of one avro or protobuf topic. `R` is the compiled reader, `W` a compiled writer. */
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
    protected readonly topic: TopicConfig & { format: 'avro' | 'protobuf' },
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
      if (this.reader === undefined) this.reader = await this.fetchReader(this.topic.readerSchema!);
    } catch (error) {
      if (!(error instanceof RegistryUnavailableError) || this.onUnavailable === 'wait') throw error;
    }
    for (const value of values) {
      if (value === null) continue;
      const header = readWireHeader(value);
      if (!header.ok || this.writers.has(header.schemaId) || this.unavailable.has(header.schemaId)) continue;
      try {
        this.writers.set(header.schemaId, await this.writerEntry(header.schemaId));
      } catch (error) {
        if (!(error instanceof RegistryUnavailableError) || this.onUnavailable === 'wait') throw error;
        this.unavailable.set(header.schemaId, error.message);
      }
    }
  }

  /** The topic's reader schema once fetched: undefined before, null when its subject does not exist. */
  get readerSchema(): RegistrySchema | null | undefined {
    return this.readerText;
  }

  /** Decodes one value; {@link prepare} has seen it. */
  decode(value: Buffer): Decoded {
    const header = readWireHeader(value);
    if (!header.ok) return { ok: false, reason: 'wire_format', detail: header.detail };
    if (this.reader === undefined) {
      return { ok: false, reason: 'registry_unavailable', detail: `reader schema of ${this.topic.name} not fetched` };
    }
    const entry = this.writers.get(header.schemaId);
    if (!entry) {
      const why = this.unavailable.get(header.schemaId) ?? `schema id ${header.schemaId} was not fetched`;
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
      const compiled = this.compileReader(schema);
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
    try {
      schema = await this.source.schemaById(id);
    } catch (error) {
      if (error instanceof SchemaNotFoundError) return { ok: false, reason: 'unknown_schema', detail: error.message };
      throw error;
    }
    if (schema.schemaType !== this.schemaType) {
      const detail = `schema id ${id} is ${schema.schemaType}, the topic is ${this.topic.format}`;
      return { ok: false, reason: 'schema_incompatible', detail };
    }
    try {
      return { ok: true, writer: this.compileWriter(schema, this.reader ?? null) };
    } catch (error) {
      const detail = `schema id ${id}: ${(error as Error).message}`.slice(0, 500);
      return { ok: false, reason: 'schema_incompatible', detail };
    }
  }

  /** Compiles the topic's reader schema. */
  protected abstract compileReader(schema: RegistrySchema): R;
  /** Compiles a writer schema and its resolution to the reader (null: none); throws when incompatible. */
  protected abstract compileWriter(schema: RegistrySchema, reader: R | null): W;
  /** Decodes the bytes after the 5-byte header. */
  protected abstract decodeBody(writer: W, value: Buffer, start: number): Decoded;
}
