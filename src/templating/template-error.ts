import { closestMatch } from '../config/closest-match.js';
import { StrataError } from '../errors/strata-error.js';
import { describeMacroTrail, type MacroFrame } from './macro-trail.js';

// `(file) [Line 3, Column 7]` or `(file) [Line 3]`; `(file)` alone when nunjucks hit the end of the
// file, or, rendering, on its first line (nunjucks counts render lines from 0 and omits a 0).
const LOCATION = /^\(([^)]*)\)(?: \[Line (\d+)(?:, Column (\d+))?\])?\s*\n?\s*/;
const UNDEFINED_CALL = /^Unable to call `([^`]+)`, which is undefined or falsey$/;

/** What toTemplateError can use besides the nunjucks error. */
export interface TemplateErrorContext {
  /** a StrataError one of our globals raised during the render; preferred to nunjucks' rewrap */
  raised?: StrataError;
  /** the template text, to find the block a syntax error at the end of the file left open */
  source?: string;
  /** names templates can call (macros, built-ins), for "did you mean" on an undefined call */
  callables?: Iterable<string>;
  /** the macros the error left, innermost first (macro-trail.ts): it is placed in the innermost */
  trail?: readonly MacroFrame[];
}

/**
 * Turn a nunjucks error into a StrataError at the template's file and line. Nunjucks
 * reports parse errors 1-based but runtime errors 0-based, buries the message after a
 * location prefix, and gives no line at all for a block left open at the end of the file;
 * a StrataError raised by our own globals is preferred. An error inside a macro is placed
 * in the macro, and names the macro and where it was called from, up to the node's line.
 */
export function toTemplateError(
  error: unknown,
  file: string,
  phase: 'parse' | 'render',
  context: TemplateErrorContext = {},
): StrataError {
  const message = error instanceof Error ? error.message : String(error);
  const match = LOCATION.exec(message);
  let line = match?.[2] === undefined ? undefined : Number(match[2]);
  if (phase === 'render' && match) line = (line ?? 0) + 1;
  const frames = context.trail ?? [];
  const called = describeMacroTrail(frames, { file, line });
  const location = frames[0]?.at ?? { file, line };
  const { raised } = context;
  if (raised)
    return new StrataError(raised.message + called, {
      location: raised.location?.line ? raised.location : location,
      hint: raised.hint,
    });
  const detail = (match ? message.slice(match[0].length) : message).replace(/^(?:Strata)?Error: /, '').trim();

  if (phase === 'parse' && line === undefined && context.source !== undefined) {
    const open = findUnclosed(context.source);
    if (open) {
      return new StrataError(`Template syntax error: ${open.what} is never closed`, {
        location: { file, line: open.line },
        hint: open.hint,
      });
    }
  }
  const undefinedCall = UNDEFINED_CALL.exec(detail);
  if (phase === 'render' && undefinedCall) {
    const name = undefinedCall[1]!;
    const suggestion = context.callables === undefined ? undefined : closestMatch(name, context.callables);
    const define =
      `define it with {% macro ${name}(...) %} ... {% endmacro %} ` +
      'in a .sql file under the macro paths (macros/ by default).';
    return new StrataError(
      `Template render error: ${name}() is not defined: no macro or built-in function has that name${called}`,
      {
        location,
        hint:
          suggestion && suggestion !== name
            ? `Did you mean ${suggestion}()? If not, ${define}`
            : `Fix the name, or ${define}`,
      },
    );
  }
  return new StrataError(`Template ${phase === 'parse' ? 'syntax' : 'render'} error: ${detail}${called}`, {
    location,
    hint: phase === 'parse' ? 'Check the {{ }} and {% %} tags near this line.' : 'Check the expression near this line.',
  });
}

// Tags that open a block closed by `end<tag>`; `set` only in its block form (no `=`).
const BLOCK_TAGS = ['if', 'for', 'macro', 'call', 'filter', 'block', 'raw', 'verbatim', 'set'];
const DELIMITERS: Record<string, string> = { '{{': '}}', '{%': '%}', '{#': '#}' };

/**
 * Where a template left something open at the end of the file: a `{{`, `{%` or `{#`
 * without its closing delimiter, or the innermost block tag without its `end` tag.
 */
function findUnclosed(source: string): { line: number; what: string; hint: string } | undefined {
  const lineAt = (offset: number) => source.slice(0, offset).split('\n').length;
  const stack: Array<{ tag: string; offset: number }> = [];
  const opening = /\{\{|\{%|\{#/g;
  for (let found = opening.exec(source); found; found = opening.exec(source)) {
    const open = found[0];
    const close = DELIMITERS[open]!;
    const end = source.indexOf(close, found.index + 2);
    if (end < 0) {
      return { line: lineAt(found.index), what: `"${open}"`, hint: `Add the matching "${close}".` };
    }
    opening.lastIndex = end + 2;
    if (open !== '{%') continue;
    const body = source
      .slice(found.index + 2, end)
      .replace(/^-/, '')
      .replace(/-$/, '')
      .trim();
    const tag = /^\w+/.exec(body)?.[0] ?? '';
    if (tag === 'set' && body.includes('=')) continue;
    if (BLOCK_TAGS.includes(tag)) {
      stack.push({ tag, offset: found.index });
      if (tag === 'raw' || tag === 'verbatim') {
        // nothing inside a raw block is a tag: skip to its end tag
        const endRaw = new RegExp(`\\{%-?\\s*end${tag}\\s*-?%\\}`, 'g');
        endRaw.lastIndex = opening.lastIndex;
        if (!endRaw.exec(source)) break;
        stack.pop();
        opening.lastIndex = endRaw.lastIndex;
      }
    } else if (tag.startsWith('end') && stack[stack.length - 1]?.tag === tag.slice(3)) {
      stack.pop();
    }
  }
  const innermost = stack[stack.length - 1];
  if (!innermost) return undefined;
  return {
    line: lineAt(innermost.offset),
    what: `{% ${innermost.tag} %}`,
    hint: `Add {% end${innermost.tag} %} where the ${innermost.tag} block should end.`,
  };
}
