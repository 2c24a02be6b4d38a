/** A field whose bytes are its value. */
export const FIELD_PLAIN = 0;
/** A quoted field holding doubled quotes: its value has each `""` of its bytes as one `"`. */
export const FIELD_DOUBLED_QUOTES = 1;
/** An unquoted field holding a quote, which is a plain character there. */
export const FIELD_BARE_QUOTES = 2;

/**
 * One record of a CSV file, as byte ranges of the file's UTF-8 bytes, so a large file is
 * read without making a string of every field: field `i` is `bytes[starts[i], ends[i])`
 * (inside the quotes for a quoted field), of kind `kinds[i]`. A scan refills one record
 * object for every record: a handler copies what it keeps.
 */
export class CsvRecord {
  /** the line the record starts on */
  line = 1;
  count = 0;
  starts = new Int32Array(16);
  ends = new Int32Array(16);
  kinds = new Uint8Array(16);

  constructor(readonly bytes: Buffer) {}

  /** Start the next record, on `line`. */
  clear(line: number): void {
    this.line = line;
    this.count = 0;
  }

  /** Add a field. */
  push(start: number, end: number, kind: number): void {
    if (this.count === this.starts.length) this.grow();
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.kinds[this.count] = kind;
    this.count++;
  }

  /** Field `i`'s value, decoded. */
  field(i: number): string {
    const text = this.bytes.toString('utf8', this.starts[i], this.ends[i]);
    return this.kinds[i] === FIELD_DOUBLED_QUOTES ? text.replaceAll('""', '"') : text;
  }

  /** Every field's value, decoded. */
  fields(): string[] {
    const values = new Array<string>(this.count);
    for (let i = 0; i < this.count; i++) values[i] = this.field(i);
    return values;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    const kinds = new Uint8Array(size);
    starts.set(this.starts);
    ends.set(this.ends);
    kinds.set(this.kinds);
    this.starts = starts;
    this.ends = ends;
    this.kinds = kinds;
  }
}
