/**
 * The filters the undefined guard (undefined-guard.ts) compiles into templates, and the
 * errors they raise: file and line of the expression, the first part of it that is
 * undefined, and how to fix or test it.
 */
import { closestMatch } from '../config/closest-match.js';
import { StrataError } from '../errors/strata-error.js';

/** What the guard filters ask of the environment when they fail. */
export interface GuardContext {
  /** names the template file can use, for "did you mean" */
  knownNames(file: string): Iterable<string>;
  /**
   * Whether the file assigns `name` with `{% set %}` somewhere: such a name left unassigned by
   * a branch not taken renders empty, as Jinja renders it (dbt packages rely on it); a name
   * the file never assigns, or a macro argument not passed, is a mistake and an error.
   */
  assigns(file: string, name: string): boolean;
  /**
   * The model or test being rendered; undefined while a macro file is loaded, whose
   * top-level output is discarded. (A failure inside a macro names its caller through
   * the macro trail, see macro-trail.ts.)
   */
  renderingFile(): string | undefined;
}

type GuardFilter = (value: unknown, file: string, line: number, text: string, ...probes: unknown[]) => unknown;

interface Site {
  location: { file: string; line: number };
  /** the whole expression, as the template wrote it */
  text: string;
  context: GuardContext;
}

/** The filter for emitted values: returns the value, or throws at the first undefined part. */
export function emittedValueGuard(context: GuardContext): GuardFilter {
  return (value, file, line, text, ...probes) => {
    // loading a macro file renders its top level only to find the macros: nothing is emitted
    if (context.renderingFile() === undefined) return value;
    const site = { location: { file, line }, text, context };
    checkProbes(probes, site, 'emit');
    if (value === undefined) {
      if (probes.length === 0 && context.assigns(file, text)) return '';
      throw undefinedError(text, site, 'emit', probes[probes.length - 1]);
    }
    return value;
  };
}

/** The filter for method-style callees (`foo.bar()`): returns the callee, or throws. */
export function calleeGuard(context: GuardContext): GuardFilter {
  return (callee, file, line, text, ...probes) => {
    const site = { location: { file, line }, text, context };
    checkProbes(probes, site, 'call');
    if (typeof callee !== 'function') {
      const name = String(probes[probes.length - 2] ?? text);
      return failNotCallable(name, typeof callee, site);
    }
    return callee;
  };
}

/** Probes alternate label and value, shortest prefix first; each value is the next one's parent. */
function checkProbes(probes: unknown[], site: Site, use: 'emit' | 'call'): void {
  for (let index = 0; index < probes.length; index += 2) {
    if (probes[index + 1] === undefined) throw undefinedError(String(probes[index]), site, use, probes[index - 1]);
  }
}

function failNotCallable(name: string, type: string, site: Site): never {
  throw new StrataError(`Template render error: '${name}' is not a macro or function (it is a ${type})`, {
    location: site.location,
    hint: `Remove the parentheses to use its value: {{ ${name} }}.`,
  });
}

/** `part` is undefined; `parent` is the value it was looked up on, for an attribute. */
function undefinedError(part: string, site: Site, use: 'emit' | 'call', parent?: unknown): StrataError {
  const { text, location, context } = site;
  const where = part === text ? '' : ` in {{ ${text} }}`;
  const test = `test it with {% if ${part} is defined %}.`;
  const fallback = use === 'emit' ? `or give a fallback: {{ ${text} | default('...') }}; ${test}` : `or ${test}`;
  if (/^[A-Za-z_]\w*$/.test(part)) {
    const suggestion = closestMatch(part, context.knownNames(location.file));
    const fix =
      suggestion && suggestion !== part ? `Did you mean '${suggestion}'? Else define it` : 'Fix the name, define it';
    return new StrataError(`Template render error: '${part}' is undefined${where}`, {
      location,
      hint: `${fix} ({% set ${part} = ... %}, a macro argument, or var('${part}')), ${fallback}`,
    });
  }
  const dot = /^(.*)\.([A-Za-z_]\w*)$/.exec(part);
  const present = dot !== null && typeof parent === 'object' && parent !== null && dot[2]! in parent;
  const detail = dot
    ? present
      ? `: '${dot[1]}' has no value for '${dot[2]}'`
      : `: '${dot[1]}' has no attribute '${dot[2]}'`
    : '';
  return new StrataError(`Template render error: '${part}' is undefined${where}${detail}`, {
    location,
    hint: `Check the ${dot ? 'attribute name' : 'expression'}, ${fallback}`,
  });
}
