import type { RenderScope } from './render-scope.js';

/**
 * The fast path: most models only call `ref`, `source` and `config` with literal
 * arguments. Those are resolved by a scan instead of compiling a nunjucks template,
 * which keeps parse and compile of thousands of models in the low seconds.
 */
// Literal arguments: a quoted string without escapes, a number, a boolean or none, a list of strings.
const STRING = String.raw`(?:'[^'\\]*'|"[^"\\]*")`;
const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
const KEYWORD = 'true|false|True|False|none|None';
const STRING_LIST = String.raw`\[\s*(?:${STRING}\s*(?:,\s*${STRING}\s*)*)?,?\s*\]`;
const LITERAL = `(?:${STRING}|${NUMBER}|${KEYWORD}|${STRING_LIST})`;
const KWARG = String.raw`[A-Za-z_]\w*\s*=\s*${LITERAL}`;
const KWARGS = String.raw`(?:${KWARG}\s*(?:,\s*${KWARG}\s*)*)?`;
/** `ref('model')` or `ref('package', 'model')`: groups 1-3. */
const REF_CALL = String.raw`(ref)\(\s*(${STRING})\s*(?:,\s*(${STRING})\s*)?\)`;
/** `source('source', 'table')`: groups 4-6. */
const SOURCE_CALL = String.raw`(source)\(\s*(${STRING})\s*,\s*(${STRING})\s*\)`;
/** `config(key=literal, ...)`: groups 7-8. */
const CONFIG_CALL = String.raw`(config)\(\s*(${KWARGS}),?\s*\)`;
const CALL = new RegExp(String.raw`\{\{-?\s*(?:${REF_CALL}|${SOURCE_CALL}|${CONFIG_CALL})\s*-?\}\}`, 'g');
const KWARG_SPLIT = new RegExp(String.raw`([A-Za-z_]\w*)\s*=\s*(${LITERAL})`, 'g');

type Piece = string | ((scope: RenderScope) => string);

export interface StaticTemplate {
  render(scope: RenderScope): string;
}

/** A template made only of text and literal ref/source/config calls, or undefined. */
export function tryStaticTemplate(source: string): StaticTemplate | undefined {
  if (source.includes('{%') || source.includes('{#')) return undefined;
  const pieces: Piece[] = [];
  let last = 0;
  let calls = 0;
  for (const match of source.matchAll(CALL)) {
    pieces.push(source.slice(last, match.index));
    last = match.index + match[0].length;
    calls++;
    pieces.push(callPiece(match));
  }
  const tail = source.slice(last);
  // any other expression needs the real engine
  if (tail.includes('{{') || pieces.some((piece) => typeof piece === 'string' && piece.includes('{{')))
    return undefined;
  pieces.push(tail);
  if (calls === 0) return { render: () => source };
  return {
    render(scope) {
      let out = '';
      for (const piece of pieces) out += typeof piece === 'string' ? piece : piece(scope);
      return out;
    },
  };
}

function callPiece(match: RegExpMatchArray): (scope: RenderScope) => string {
  if (match[1] === 'ref') {
    const first = unquote(match[2]!);
    const second = match[3] === undefined ? undefined : unquote(match[3]);
    return (scope) => String(second === undefined ? scope.ref(first) : scope.ref(second, first));
  }
  if (match[4] === 'source') {
    const sourceName = unquote(match[5]!);
    const tableName = unquote(match[6]!);
    return (scope) => String(scope.source(sourceName, tableName));
  }
  const values = parseKeywords(match[8] ?? '');
  return (scope) => {
    scope.config(values);
    return '';
  };
}

function parseKeywords(text: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [, key, literal] of text.matchAll(KWARG_SPLIT)) values[key!] = parseLiteral(literal!);
  return values;
}

function parseLiteral(literal: string): unknown {
  if (literal.startsWith('[')) return [...literal.matchAll(new RegExp(STRING, 'g'))].map((item) => unquote(item[0]));
  if (literal.startsWith("'") || literal.startsWith('"')) return unquote(literal);
  if (/^(true|True)$/.test(literal)) return true;
  if (/^(false|False)$/.test(literal)) return false;
  if (/^(none|None)$/.test(literal)) return null;
  return Number(literal);
}

function unquote(text: string): string {
  return text.slice(1, -1);
}
