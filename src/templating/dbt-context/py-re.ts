/**
 * `modules.re`: Python's regular expressions on JavaScript's engine. Pattern syntax that
 * differs is translated (`(?P<name>...)`, `(?P=name)`, `\A`, `\Z`, leading inline flags
 * such as `(?i)`), and so are replacement templates (`\1`, `\g<name>`). Possessive
 * quantifiers and atomic groups, which JavaScript lacks, are not supported.
 */
import { StrataError } from '../../errors/strata-error.js';
import { splitArguments } from '../template-args.js';

const FLAGS = { I: 2, IGNORECASE: 2, M: 8, MULTILINE: 8, S: 16, DOTALL: 16, X: 64, VERBOSE: 64, A: 256, ASCII: 256 };

/** JavaScript source and flags for a Python pattern. */
function translate(pattern: string, flags: number): { source: string; flags: string } {
  let source = pattern;
  let bits = flags;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const letter of inline[1]!) bits |= FLAGS[letter.toUpperCase() as keyof typeof FLAGS] ?? 0;
  }
  // verbose: whitespace and comments are not part of the pattern (an escaped `\#` is)
  if (bits & FLAGS.X) source = source.replace(/(\\#)|#.*$|\s+/gm, (_, escaped?: string) => escaped ?? '');
  source = source
    .replace(/\(\?P<(\w+)>/g, '(?<$1>')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$');
  let jsFlags = '';
  if (bits & FLAGS.I) jsFlags += 'i';
  if (bits & FLAGS.M) jsFlags += 'm';
  if (bits & FLAGS.S) jsFlags += 's';
  return { source, flags: jsFlags };
}

/** A Python replacement template as a function of the match. */
function replacer(template: string): (match: RegExpExecArray) => string {
  return (match) =>
    template.replace(/\\g<(\w+)>|\\(\d{1,2})|\\n|\\t|\\\\/g, (token, name?: string, index?: string) => {
      if (token === '\\n') return '\n';
      if (token === '\\t') return '\t';
      if (token === '\\\\') return '\\';
      const key = name ?? index!;
      const value = /^\d+$/.test(key) ? match[Number(key)] : match.groups?.[key];
      return value ?? '';
    });
}

/** Python's `re.Match`. */
export class PyMatch {
  constructor(
    private readonly match: RegExpExecArray,
    readonly string: string,
  ) {}

  group(...indexes: unknown[]): unknown {
    const one = (index: unknown) => {
      const value =
        typeof index === 'number' || /^\d+$/.test(String(index))
          ? this.match[Number(index)]
          : this.match.groups?.[String(index)];
      return value ?? null;
    };
    if (indexes.length <= 1) return one(indexes[0] ?? 0);
    return indexes.map(one);
  }

  groups(fallback: unknown = null): unknown[] {
    return this.match.slice(1).map((value) => value ?? fallback);
  }

  groupdict(fallback: unknown = null): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.match.groups ?? {}).map(([k, v]) => [k, v ?? fallback]));
  }

  start(): number {
    return this.match.index;
  }

  end(): number {
    return this.match.index + this.match[0].length;
  }

  span(): number[] {
    return [this.start(), this.end()];
  }

  toString(): string {
    return `<re.Match object; span=(${this.start()}, ${this.end()}), match='${this.match[0]}'>`;
  }
}

/** Python's compiled pattern (`re.compile`). */
export class PyPattern {
  private readonly source: string;
  private readonly jsFlags: string;

  constructor(
    readonly pattern: string,
    readonly flags = 0,
  ) {
    const translated = translate(pattern, flags);
    this.source = translated.source;
    this.jsFlags = translated.flags;
    try {
      new RegExp(this.source, this.jsFlags);
    } catch (error) {
      throw new StrataError(`Invalid regular expression '${pattern}': ${(error as Error).message}`);
    }
  }

  private regex(extra = ''): RegExp {
    return new RegExp(this.source, this.jsFlags + extra);
  }

  match(text: unknown): PyMatch | null {
    const string = String(text);
    const found = this.regex('y').exec(string);
    return found ? new PyMatch(found, string) : null;
  }

  fullmatch(text: unknown): PyMatch | null {
    const string = String(text);
    const found = new RegExp(`(?:${this.source})$`, `${this.jsFlags}y`).exec(string);
    return found ? new PyMatch(found, string) : null;
  }

  search(text: unknown): PyMatch | null {
    const string = String(text);
    const found = this.regex().exec(string);
    return found ? new PyMatch(found, string) : null;
  }

  /** Whole matches without groups, the group with one, tuples (lists) with several. */
  findall(text: unknown): unknown[] {
    return [...String(text).matchAll(this.regex('g'))].map((found) => {
      if (found.length === 1) return found[0];
      if (found.length === 2) return found[1] ?? '';
      return found.slice(1).map((value) => value ?? '');
    });
  }

  finditer(text: unknown): PyMatch[] {
    const string = String(text);
    return [...string.matchAll(this.regex('g'))].map((found) => new PyMatch(found as RegExpExecArray, string));
  }

  sub(repl: unknown, text: unknown, count: unknown = 0): string {
    const string = String(text);
    const limit = Number(count) > 0 ? Number(count) : Infinity;
    const render = typeof repl === 'function' ? undefined : replacer(String(repl));
    let done = 0;
    let out = '';
    let last = 0;
    for (const found of string.matchAll(this.regex('g'))) {
      if (done++ >= limit) break;
      const match = found as RegExpExecArray;
      out += string.slice(last, match.index);
      out += render ? render(match) : String((repl as (m: PyMatch) => unknown)(new PyMatch(match, string)));
      last = match.index + match[0].length;
    }
    return out + string.slice(last);
  }

  split(text: unknown, maxsplit: unknown = 0): unknown[] {
    const string = String(text);
    const limit = Number(maxsplit) > 0 ? Number(maxsplit) : Infinity;
    const parts: unknown[] = [];
    let last = 0;
    let done = 0;
    for (const found of string.matchAll(this.regex('g'))) {
      if (done++ >= limit) break;
      if (found[0] === '' && found.index === 0) continue;
      parts.push(string.slice(last, found.index), ...found.slice(1).map((value) => value ?? null));
      last = found.index + found[0].length;
    }
    parts.push(string.slice(last));
    return parts;
  }

  toString(): string {
    return `re.compile('${this.pattern}')`;
  }
}

/** `re.f(pattern, ..., flags=0)`: the module functions take the pattern first and flags last. */
function withPattern<R>(method: (compiled: PyPattern, rest: unknown[]) => R, flagsIndex: number) {
  return (...args: unknown[]): R => {
    const { positional, keywords } = splitArguments(args);
    const [pattern, ...rest] = positional;
    const flags = Number(positional[flagsIndex] ?? keywords.flags ?? 0);
    const compiled = pattern instanceof PyPattern ? pattern : new PyPattern(String(pattern), flags);
    for (const name of ['count', 'maxsplit']) if (name in keywords) rest[flagsIndex - 2] = keywords[name];
    return method(compiled, rest);
  };
}

/** `modules.re`. */
export const reModule = {
  ...FLAGS,
  compile: (...args: unknown[]) => {
    const { positional, keywords } = splitArguments(args);
    return new PyPattern(String(positional[0]), Number(positional[1] ?? keywords.flags ?? 0));
  },
  match: withPattern((p, [text]) => p.match(text), 2),
  fullmatch: withPattern((p, [text]) => p.fullmatch(text), 2),
  search: withPattern((p, [text]) => p.search(text), 2),
  findall: withPattern((p, [text]) => p.findall(text), 2),
  finditer: withPattern((p, [text]) => p.finditer(text), 2),
  sub: withPattern((p, [repl, text, count]) => p.sub(repl, text, count), 4),
  split: withPattern((p, [text, maxsplit]) => p.split(text, maxsplit), 3),
  escape: (text: unknown) => String(text).replace(/[.*+?^${}()|[\]\\\-#&~\s]/g, '\\$&'),
};
