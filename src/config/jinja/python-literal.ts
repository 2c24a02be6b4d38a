/**
 * Python's `ast.literal_eval` for the values YAML Jinja hands to dbt's `as_native`,
 * `as_bool` and `as_number` filters: numbers, quoted strings, `True`/`False`/`None`, and
 * lists, tuples and dicts of those. Anything else is not a literal (`undefined`).
 */

const NOT_LITERAL = Symbol('not a literal');

/** The value of `text` read as a Python literal, or `undefined` when it is not one. */
export function pythonLiteral(text: string): unknown {
  const reader = new LiteralReader(text);
  try {
    const value = reader.value();
    reader.skipSpace();
    return reader.atEnd() ? value : undefined;
  } catch (error) {
    if (error === NOT_LITERAL) return undefined;
    throw error;
  }
}

const NUMBER = /^[+-]?(?:\d[\d_]*\.?[\d_]*(?:[eE][+-]?\d+)?|\.\d[\d_]*(?:[eE][+-]?\d+)?)/;
const WORDS: Record<string, unknown> = { True: true, False: false, None: null };
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

class LiteralReader {
  private at = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.at >= this.text.length;
  }

  skipSpace(): void {
    while (/\s/.test(this.text[this.at] ?? '')) this.at++;
  }

  value(): unknown {
    this.skipSpace();
    const char = this.text[this.at];
    if (char === "'" || char === '"') return this.string(char);
    if (char === '[') return this.sequence(']');
    if (char === '(') return this.sequence(')');
    if (char === '{') return this.dict();
    const word = /^[A-Za-z_]\w*/.exec(this.text.slice(this.at))?.[0];
    if (word !== undefined) {
      if (!(word in WORDS)) throw NOT_LITERAL;
      this.at += word.length;
      return WORDS[word];
    }
    const number = NUMBER.exec(this.text.slice(this.at))?.[0];
    if (number === undefined) throw NOT_LITERAL;
    this.at += number.length;
    return Number(number.replace(/_/g, ''));
  }

  private string(quote: string): string {
    let out = '';
    for (this.at++; this.at < this.text.length; this.at++) {
      const char = this.text[this.at]!;
      if (char === quote) {
        this.at++;
        return out;
      }
      if (char === '\\') {
        const next = this.text[++this.at] ?? '';
        out += ESCAPES[next] ?? `\\${next}`;
      } else {
        out += char;
      }
    }
    throw NOT_LITERAL;
  }

  private sequence(close: string): unknown[] {
    const items: unknown[] = [];
    this.at++;
    while (!this.closes(close)) {
      items.push(this.value());
      this.separator(close);
    }
    return items;
  }

  private dict(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.at++;
    while (!this.closes('}')) {
      const key = this.value();
      this.skipSpace();
      if (this.text[this.at] !== ':') throw NOT_LITERAL;
      this.at++;
      out[String(key)] = this.value();
      this.separator('}');
    }
    return out;
  }

  /** Consume `close` (after optional space) if it comes next. */
  private closes(close: string): boolean {
    this.skipSpace();
    if (this.atEnd()) throw NOT_LITERAL;
    if (this.text[this.at] !== close) return false;
    this.at++;
    return true;
  }

  /** After an item: a comma, or the closing bracket left for `closes` to consume. */
  private separator(close: string): void {
    this.skipSpace();
    if (this.text[this.at] === ',') this.at++;
    else if (this.text[this.at] !== close) throw NOT_LITERAL;
  }
}
