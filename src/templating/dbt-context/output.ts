/**
 * `log`, `print` and `exceptions`: a template's messages and its deliberate errors. Lines
 * are kept with the render and printed only when it completes (see DbtRenderState), so a
 * render replayed for its introspective calls prints each line once.
 */
import { StrataError } from '../../errors/strata-error.js';
import { pythonStr } from '../python-str.js';
import { currentScope } from '../render-scope.js';
import { splitArguments } from '../template-args.js';
import type { OutputLine } from './render-state.js';

function text(value: unknown): string {
  return value === undefined ? '' : pythonStr(value);
}

/** Keep a line for the render under way; none while parsing (dbt's parse-time output is not reliable either). */
export function emit(kind: OutputLine['kind'], message: string): void {
  const state = currentScope()?.dbt;
  if (state?.execute) state.output.push({ kind, message });
}

/** dbt's `log(msg, info=False)`: info lines print; debug lines go nowhere (Strata keeps no debug log). */
export function log(...args: unknown[]): string {
  const { positional, keywords } = splitArguments(args);
  const info = positional[1] ?? keywords.info;
  if (info === true) emit('log', text(positional[0] ?? keywords.msg));
  return '';
}

/** Python's `print(*values)`. */
export function print(...args: unknown[]): string {
  const { positional } = splitArguments(args);
  emit('print', positional.map(text).join(' '));
  return '';
}

/** dbt's `exceptions` namespace. */
export const exceptions = {
  /** Stop with a project error at the calling line (a compilation error, exit 2). */
  raise_compiler_error(message: unknown): never {
    throw new StrataError(`Compilation Error: ${text(message)}`, {
      hint: 'The project raised this error on purpose (exceptions.raise_compiler_error): fix what it says.',
    });
  },
  /** A warning line; the render goes on. */
  warn(message: unknown): string {
    emit('warn', text(message));
    return '';
  },
  raise_not_implemented(message: unknown): never {
    throw new StrataError(`Not implemented: ${text(message)}`);
  },
  raise_database_error(message: unknown): never {
    throw new StrataError(`Database Error: ${text(message)}`);
  },
};
