import { splitArguments } from './template-args.js';

/**
 * Jinja's `namespace(...)`: an object whose attributes a loop can change
 * (`{% set ns.total = ns.total + 1 %}`), which a plain `set` inside a loop cannot.
 */
export class Namespace {
  [attribute: string]: unknown;

  /** `namespace(a=1)`, `namespace({'a': 1})` or both. */
  static create(...args: unknown[]): Namespace {
    const { positional, keywords } = splitArguments(args);
    return Object.assign(new Namespace(), ...positional, keywords) as Namespace;
  }
}
