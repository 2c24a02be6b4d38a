/**
 * The top-level column names of a Parquet file, read from its footer alone: the file ends
 * with its metadata (Thrift compact protocol), the metadata's length (4 bytes, little
 * endian) and `PAR1`. Only the schema (FileMetaData field 2, a list of SchemaElement in
 * depth-first order, each with its `name` (4) and `num_children` (5)) is decoded; every
 * other field is skipped by its type. So a file's layout is known from a few kilobytes
 * at its end, whatever its size.
 */

const MAGIC = 'PAR1';

/** How many bytes at the end of a file hold its metadata: `tail` is at least the last 8 bytes. */
export function parquetFooterLength(tail: Buffer): number {
  if (tail.length < 8 || tail.toString('latin1', tail.length - 4) !== MAGIC) {
    throw new Error('not a Parquet file (no PAR1 at its end)');
  }
  return tail.readUInt32LE(tail.length - 8) + 8;
}

/** The names of the top-level columns, from the last bytes of a file (at least {@link parquetFooterLength}). */
export function parquetTopLevelColumns(tail: Buffer): string[] {
  const length = parquetFooterLength(tail);
  if (tail.length < length) throw new Error(`the Parquet footer needs the last ${length} bytes, got ${tail.length}`);
  const reader = new CompactReader(tail.subarray(tail.length - length, tail.length - 8));
  const elements = reader.schemaElements();
  const root = elements[0];
  if (!root) throw new Error('the Parquet footer has no schema');
  const names: string[] = [];
  let index = 1;
  for (let child = 0; child < root.children && index < elements.length; child += 1) {
    names.push(elements[index]!.name);
    index = skipSubtree(elements, index);
  }
  return names;
}

interface SchemaElement {
  name: string;
  children: number;
}

/** The index after the element at `index` and all its descendants. */
function skipSubtree(elements: SchemaElement[], index: number): number {
  let pending = 1;
  let next = index;
  while (pending > 0 && next < elements.length) {
    pending += elements[next]!.children - 1;
    next += 1;
  }
  return next;
}

// Thrift compact protocol types.
const BOOL_TRUE = 1;
const BOOL_FALSE = 2;
const I8 = 3;
const I16 = 4;
const I32 = 5;
const I64 = 6;
const DOUBLE = 7;
const BINARY = 8;
const LIST = 9;
const SET = 10;
const MAP = 11;
const STRUCT = 12;

/** How a collection element of `type` is skipped: a boolean there takes a byte, unlike a boolean field. */
function element(type: number): number {
  return type === BOOL_TRUE || type === BOOL_FALSE ? I8 : type;
}

class CompactReader {
  private position = 0;

  constructor(private readonly bytes: Buffer) {}

  /** FileMetaData's field 2; the rest of the metadata is not read. */
  schemaElements(): SchemaElement[] {
    let fieldId = 0;
    for (;;) {
      const header = this.byte();
      if (header === 0) throw new Error('the Parquet footer has no schema');
      const type = header & 0x0f;
      fieldId = this.fieldId(header, fieldId);
      if (fieldId !== 2 || type !== LIST) {
        this.skip(type);
        continue;
      }
      const { size } = this.listHeader();
      return Array.from({ length: size }, () => this.schemaElement());
    }
  }

  private schemaElement(): SchemaElement {
    const element: SchemaElement = { name: '', children: 0 };
    let fieldId = 0;
    for (;;) {
      const header = this.byte();
      if (header === 0) return element;
      const type = header & 0x0f;
      fieldId = this.fieldId(header, fieldId);
      if (fieldId === 4 && type === BINARY) element.name = this.binary().toString('utf8');
      else if (fieldId === 5 && type === I32) element.children = this.zigzag();
      else this.skip(type);
    }
  }

  private fieldId(header: number, previous: number): number {
    const delta = header >> 4;
    return delta === 0 ? this.zigzag() : previous + delta;
  }

  private skip(type: number): void {
    switch (type) {
      case BOOL_TRUE:
      case BOOL_FALSE:
        return;
      case I8:
        this.position += 1;
        return;
      case I16:
      case I32:
      case I64:
        this.varint();
        return;
      case DOUBLE:
        this.position += 8;
        return;
      case BINARY:
        this.binary();
        return;
      case LIST:
      case SET: {
        const { size, elementType } = this.listHeader();
        for (let i = 0; i < size; i += 1) this.skip(element(elementType));
        return;
      }
      case MAP: {
        const size = this.varint();
        if (size === 0) return;
        const types = this.byte();
        for (let i = 0; i < size; i += 1) {
          this.skip(element(types >> 4));
          this.skip(element(types & 0x0f));
        }
        return;
      }
      case STRUCT: {
        let fieldId = 0;
        for (;;) {
          const header = this.byte();
          if (header === 0) return;
          fieldId = this.fieldId(header, fieldId);
          this.skip(header & 0x0f);
        }
      }
      default:
        throw new Error(`unreadable Parquet footer (Thrift type ${type} at byte ${this.position})`);
    }
  }

  private listHeader(): { size: number; elementType: number } {
    const header = this.byte();
    const short = header >> 4;
    return { size: short === 15 ? this.varint() : short, elementType: header & 0x0f };
  }

  private binary(): Buffer {
    const length = this.varint();
    const start = this.position;
    this.position += length;
    if (this.position > this.bytes.length) throw new Error('unreadable Parquet footer (truncated)');
    return this.bytes.subarray(start, this.position);
  }

  private zigzag(): number {
    const value = this.varint();
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  }

  /** An unsigned varint; values above 2^53 (i64 statistics) only need skipping, so precision may go. */
  private varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.byte();
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return value;
      scale *= 128;
    }
  }

  private byte(): number {
    if (this.position >= this.bytes.length) throw new Error('unreadable Parquet footer (truncated)');
    return this.bytes[this.position++]!;
  }
}
