/**
 * nunjucks' parser, with Jinja's expressions it lacks:
 *
 * - Python's slices (`cols[1:]`, `name[:-2]`, `items[::-1]`). nunjucks reads `[...]` after
 *   an expression as a one-item list holding the index; for a slice this parser returns a
 *   one-item list holding a call of the slice function's bounds, which jinja-syntax.ts then
 *   turns into `slice(target, start, stop, step)`;
 * - dict keys that are expressions (`{col.name.lower(): col}`; nunjucks takes a name or
 *   a string only), which jinja-syntax.ts turns into a call (python-dict.ts);
 * - unpacking in calls, `f(*items, **options)` (call-spread.ts).
 *
 * Only this parser instance changes: nunjucks' own `Parser.prototype` is left alone.
 */
import { createRequire } from 'node:module';
import { SPREAD_FUNCTION, SPREAD_KEYWORDS } from './call-spread.js';
import { nunjucksInternals, type TemplateNode, type TemplateNodeList } from './nunjucks-internals.js';

/** The global a slice calls; not a name a template can mean. */
export const SLICE_FUNCTION = '__strata_slice';

interface Token {
  type: string;
  lineno: number;
  colno: number;
}

interface NunjucksParser {
  extensions: unknown[];
  peekToken(): Token | null;
  nextToken(): Token | null;
  skip(type: string): boolean;
  skipValue(type: string, value: string): boolean;
  fail(message: string, lineno?: number, colno?: number): never;
  parseExpression(): TemplateNode;
  parseAggregate(): TemplateNode | null;
  parseSignature(tolerant?: boolean, noParens?: boolean): TemplateNode | null;
  parseAsRoot(): TemplateNode;
}

type ParserClass = new (tokens: unknown) => NunjucksParser;

const require = createRequire(import.meta.url);
const { Parser } = require('nunjucks/src/parser') as { Parser: ParserClass };
const lexer = require('nunjucks/src/lexer') as { lex(source: string, options: object): unknown } & Record<
  string,
  string
>;

const LEFT_BRACKET = lexer.TOKEN_LEFT_BRACKET!;
const LEFT_CURLY = lexer.TOKEN_LEFT_CURLY!;
const RIGHT_CURLY = lexer.TOKEN_RIGHT_CURLY!;
const LEFT_PAREN = lexer.TOKEN_LEFT_PAREN!;
const RIGHT_PAREN = lexer.TOKEN_RIGHT_PAREN!;
const OPERATOR = lexer.TOKEN_OPERATOR!;
const RIGHT_BRACKET = lexer.TOKEN_RIGHT_BRACKET!;
const COLON = lexer.TOKEN_COLON!;
const COMMA = lexer.TOKEN_COMMA!;

class JinjaParser extends Parser {
  override parseAggregate(): TemplateNode | null {
    const open = this.peekToken();
    if (open?.type === LEFT_CURLY) return this.parseDict(open);
    if (open?.type !== LEFT_BRACKET) return super.parseAggregate();
    this.nextToken();
    const { nodes } = nunjucksInternals;
    const classes = nodes as unknown as Record<string, new (...args: unknown[]) => TemplateNode>;
    const list = (children: TemplateNode[]) => new nodes.NodeList(open.lineno, open.colno, children);
    const asArray = (children: TemplateNode[]) => new classes.Array!(open.lineno, open.colno, children);
    if (this.skip(RIGHT_BRACKET)) return asArray([]);
    const first = this.peekToken()?.type === COLON ? null : this.parseExpression();
    if (this.peekToken()?.type !== COLON) return asArray([first!, ...this.listRest()]);
    const bounds: Array<TemplateNode | null> = [first];
    while (this.skip(COLON)) {
      const next = this.peekToken()?.type;
      bounds.push(next === COLON || next === RIGHT_BRACKET ? null : this.parseExpression());
    }
    if (!this.skip(RIGHT_BRACKET) || bounds.length > 3) this.fail('invalid slice', open.lineno, open.colno);
    const none = () => new nodes.Literal(open.lineno, open.colno, null);
    const args = [0, 1, 2].map((index) => bounds[index] ?? none());
    const callee = new nodes.Symbol(open.lineno, open.colno, SLICE_FUNCTION);
    return asArray([new classes.FunCall!(open.lineno, open.colno, callee, list(args))]);
  }

  /** `{key: value, ...}` with any expression as a key (nunjucks parses a name or string only). */
  private parseDict(open: Token): TemplateNode {
    this.nextToken();
    const { nodes } = nunjucksInternals;
    const classes = nodes as unknown as Record<string, new (...args: unknown[]) => TemplateNode>;
    const pairs: TemplateNode[] = [];
    while (!this.skip(RIGHT_CURLY)) {
      if (pairs.length > 0 && !this.skip(COMMA)) this.fail('expected comma after dict item', open.lineno, open.colno);
      if (this.skip(RIGHT_CURLY)) break;
      const key = this.parseExpression();
      if (!this.skip(COLON)) this.fail('expected colon after dict key', key.lineno, key.colno);
      pairs.push(new classes.Pair!(key.lineno, key.colno, key, this.parseExpression()));
    }
    return new classes.Dict!(open.lineno, open.colno, pairs);
  }

  /** A call's arguments, with `*items` and `**options` (see call-spread.ts). */
  override parseSignature(tolerant?: boolean, noParens?: boolean): TemplateNode | null {
    const open = this.peekToken();
    if (noParens || open?.type !== LEFT_PAREN) return super.parseSignature(tolerant, noParens);
    this.nextToken();
    const { nodes } = nunjucksInternals;
    const classes = nodes as unknown as Record<string, new (...args: unknown[]) => TemplateNode>;
    const args = new nodes.NodeList(open.lineno, open.colno, []);
    const keywords = new classes.KeywordArgs!(open.lineno, open.colno, []) as TemplateNodeList;
    while (!this.skip(RIGHT_PAREN)) {
      if (args.children.length + keywords.children.length > 0 && !this.skip(COMMA)) {
        this.fail('expected comma between arguments', open.lineno, open.colno);
      }
      if (this.skip(RIGHT_PAREN)) break;
      const at = this.peekToken()!;
      if (this.skipValue(OPERATOR, '**')) {
        const key = new nodes.Symbol(at.lineno, at.colno, SPREAD_KEYWORDS);
        keywords.children.push(new classes.Pair!(at.lineno, at.colno, key, this.parseExpression()));
      } else if (this.skipValue(OPERATOR, '*')) {
        const callee = new nodes.Symbol(at.lineno, at.colno, SPREAD_FUNCTION);
        const spread = new nodes.NodeList(at.lineno, at.colno, [this.parseExpression()]);
        args.children.push(new classes.FunCall!(at.lineno, at.colno, callee, spread));
      } else {
        const arg = this.parseExpression();
        if (this.skipValue(OPERATOR, '=')) {
          keywords.children.push(new classes.Pair!(arg.lineno, arg.colno, arg, this.parseExpression()));
        } else args.children.push(arg);
      }
    }
    if (keywords.children.length > 0) args.children.push(keywords);
    return args;
  }

  /** The items of a list literal after its first, up to and including the closing bracket. */
  private listRest(): TemplateNode[] {
    const items: TemplateNode[] = [];
    while (!this.skip(RIGHT_BRACKET)) {
      if (!this.skip(COMMA)) this.fail('expected comma after expression in list');
      if (this.skip(RIGHT_BRACKET)) break;
      items.push(this.parseExpression());
    }
    return items;
  }
}

/** Parse a template as nunjucks' `parser.parse` does, with slices. */
export function parseJinja(source: string, extensions: unknown[], options: object): TemplateNode {
  const parser = new JinjaParser(lexer.lex(source, options));
  parser.extensions = extensions;
  return parser.parseAsRoot();
}

/** Python's `value[start:stop:step]` on a list or a string. */
export function pythonSlice(value: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  const items = typeof value === 'string' ? [...value] : Array.from((value ?? []) as Iterable<unknown>);
  const length = items.length;
  const by = step === null || step === undefined ? 1 : Number(step);
  const clamp = (bound: unknown, fallback: number, low: number, high: number) => {
    if (bound === null || bound === undefined) return fallback;
    const index = Number(bound) < 0 ? Number(bound) + length : Number(bound);
    return Math.min(Math.max(index, low), high);
  };
  const result: unknown[] = [];
  if (by > 0) {
    for (let i = clamp(start, 0, 0, length); i < clamp(stop, length, 0, length); i += by) result.push(items[i]);
  } else {
    for (let i = clamp(start, length - 1, -1, length - 1); i > clamp(stop, -1, -1, length - 1); i += by) {
      result.push(items[i]);
    }
  }
  return typeof value === 'string' ? result.join('') : result;
}
