/**
 * Nunjucks passes keyword arguments to JS functions as a trailing object marked
 * `__keywords`. These helpers split them from positional arguments.
 */
export interface CallArguments {
  positional: unknown[];
  keywords: Record<string, unknown>;
}

export function splitArguments(args: unknown[]): CallArguments {
  const last = args[args.length - 1];
  if (last && typeof last === 'object' && (last as { __keywords?: boolean }).__keywords === true) {
    const { __keywords: _marker, ...keywords } = last as Record<string, unknown>;
    return { positional: args.slice(0, -1), keywords };
  }
  return { positional: args, keywords: {} };
}

/** Positional argument `index`, or the keyword `name`, as a string (macros return SafeString). */
export function stringArgument(call: CallArguments, index: number, name: string): string | undefined {
  const value = call.positional[index] ?? call.keywords[name];
  return value === undefined || value === null ? undefined : String(value);
}
