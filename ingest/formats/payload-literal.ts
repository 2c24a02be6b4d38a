/**
 * The Bronze payload of a decoded record as the JSON string literal a Bronze line embeds:
 * byte for byte `JSON.stringify(JSON.stringify(record))`, bytes and fixed values as base64.
 * Decoders build it into one reused byte buffer, copying strings that need no escaping
 * straight from the record's bytes (the common case) and handing anything else to
 * `JSON.stringify`; that saves building the payload text and quoting it again, the larger
 * part of decoding a record.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** `\"`: a quote inside the literal */
const ESCAPED_QUOTE = Buffer.from('\\"', 'latin1');
export const NULL = Buffer.from('null', 'latin1');
export const TRUE = Buffer.from('true', 'latin1');
export const FALSE = Buffer.from('false', 'latin1');

/** Characters JSON writes as they are, quoted twice: printable ASCII but `"` and `\`. */
function plain(code: number): boolean {
  return code >= 0x20 && code < 0x80 && code !== QUOTE && code !== BACKSLASH;
}

/** `JSON.stringify(JSON.stringify(value))` without its outer quotes; Buffers as base64, as the payload has them. */
export function valueLiteral(value: unknown): string {
  return JSON.stringify(JSON.stringify(value, binaryAsBase64)).slice(1, -1);
}

/** JSON.stringify replacer: Buffers (Avro bytes and fixed, Protobuf bytes) as base64 strings. */
export function binaryAsBase64(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  return Buffer.isBuffer(original) ? original.toString('base64') : value;
}

/** Builds one payload literal at a time (decoding is synchronous, so one writer serves a process). */
export class PayloadLiteral {
  private bytes = Buffer.allocUnsafe(64 * 1024);
  private length = 0;
  /** whether every byte written is ASCII (then the literal is read back as latin1, the quickest) */
  private allAscii = true;

  /** Starts a literal: its opening quote. */
  begin(): void {
    this.length = 0;
    this.allAscii = true;
    this.bytes[this.length++] = QUOTE;
  }

  /** Ends the literal and returns it. */
  end(): string {
    this.reserve(1);
    this.bytes[this.length++] = QUOTE;
    return this.bytes.toString(this.allAscii ? 'latin1' : 'utf8', 0, this.length);
  }

  /** Writes text known to need no escaping (JSON punctuation, numbers, prepared keys). */
  raw(text: string): void {
    this.reserve(text.length);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < text.length; i++) bytes[at++] = text.charCodeAt(i);
    this.length = at;
  }

  /** Writes one ASCII character. */
  byte(code: number): void {
    this.reserve(1);
    this.bytes[this.length++] = code;
  }

  /** Writes prepared ASCII bytes (keys, punctuation, literals). */
  ascii(prepared: Uint8Array): void {
    this.reserve(prepared.length);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < prepared.length; i++) bytes[at++] = prepared[i]!;
    this.length = at;
  }

  /** Writes a number as JSON does (non-finite numbers are null); integers digit by digit. */
  number(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) {
      this.raw(Number.isFinite(value) ? String(value) : 'null');
      return;
    }
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    this.reserve(digits);
    const bytes = this.bytes;
    let rest = value;
    for (let at = this.length + digits - 1; at >= this.length; at--) {
      const next = Math.floor(rest / 10);
      bytes[at] = 0x30 + rest - next * 10;
      rest = next;
    }
    this.length += digits;
  }

  /** Writes a string value: `\"...\"`, escaped as JSON.stringify twice would. */
  string(value: string): void {
    const start = this.length;
    this.reserve(value.length + 4);
    const bytes = this.bytes;
    let at = start;
    bytes[at++] = BACKSLASH;
    bytes[at++] = QUOTE;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (!plain(code)) return this.value(value);
      bytes[at++] = code;
    }
    bytes[at++] = BACKSLASH;
    bytes[at++] = QUOTE;
    this.length = at;
  }

  /**
   * Writes the UTF-8 string in `input[start, end)` when it needs no escaping and is ASCII
   * (so it reads the same however it is decoded); returns false, writing nothing, otherwise.
   */
  utf8String(input: Buffer, start: number, end: number): boolean {
    this.reserve(end - start + 4);
    const bytes = this.bytes;
    let at = this.length;
    bytes[at++] = BACKSLASH;
    bytes[at++] = QUOTE;
    for (let i = start; i < end; i++) {
      const byte = input[i]!;
      if (!plain(byte)) return false;
      bytes[at++] = byte;
    }
    bytes[at++] = BACKSLASH;
    bytes[at++] = QUOTE;
    this.length = at;
    return true;
  }

  /** Writes bytes as their base64 string. */
  base64(value: Buffer): void {
    this.ascii(ESCAPED_QUOTE);
    this.raw(value.toString('base64'));
    this.ascii(ESCAPED_QUOTE);
  }

  /** Writes any value through JSON.stringify (what the fast paths fall back to). */
  value(value: unknown): void {
    const literal = valueLiteral(value);
    const size = Buffer.byteLength(literal);
    if (size !== literal.length) this.allAscii = false;
    this.reserve(size);
    this.length += this.bytes.write(literal, this.length, 'utf8');
  }

  private reserve(size: number): void {
    if (this.length + size <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + size));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}
