/**
 * The candidates `adapter.dispatch(name, macro_namespace)` tries, in dbt's order: for each
 * package of the search order, `<adapter>__name`, then the adapter's parents'
 * (`redshift__` then `postgres__`), then `default__name`.
 */
import { closestMatch } from '../config/closest-match.js';
import { StrataError } from '../errors/strata-error.js';
import type { DispatchOrder } from './macro-namespaces.js';

/**
 * Adapters whose dbt adapter inherits another's macros: dbt-redshift is built on
 * dbt-postgres, so a `postgres__` macro serves Redshift when there is no `redshift__` one.
 */
const ADAPTER_PARENTS: Readonly<Record<string, readonly string[]>> = { redshift: ['postgres'] };

/** The prefixes tried for `adapter`: its own, its parents', then `default`. */
export function adapterPrefixes(adapter: string): string[] {
  return [adapter, ...(ADAPTER_PARENTS[adapter] ?? []), 'default'];
}

/**
 * Where dispatch looks. Each step is one entry of the search order: a package, or (when no
 * search order applies) the caller's unqualified view, its packages in lookup order.
 */
export interface DispatchSearch {
  steps: string[][];
  /** whether Strata's built-in implementation is tried last (the search includes `dbt`) */
  includesBuiltins: boolean;
}

/** One macro name to look for, in the first of `packages` that defines it. */
export interface DispatchCandidate {
  macro: string;
  packages: string[];
  /** how the attempt is named in an error: `my_project.duckdb__hash` */
  label: string;
}

/** Every candidate of a dispatch, in the order they are tried. */
export function dispatchCandidates(name: string, adapter: string, search: DispatchSearch): DispatchCandidate[] {
  return search.steps.flatMap((packages) =>
    adapterPrefixes(adapter).map((prefix) => {
      const macro = `${prefix}__${name}`;
      const label = packages.length === 1 ? `${packages[0]}.${macro}` : `${macro} (in ${packages.join(', ')})`;
      return { macro, packages, label };
    }),
  );
}

/** The error of a dispatch that found no implementation: what was tried, and the closest name. */
export function dispatchFailure(
  name: string,
  macroNamespace: string | undefined,
  tried: readonly string[],
  known: readonly string[],
): StrataError {
  const call =
    macroNamespace === undefined
      ? `adapter.dispatch('${name}')`
      : `adapter.dispatch('${name}', macro_namespace='${macroNamespace}')`;
  const suggestion = closestMatch(
    name,
    known.filter((candidate) => candidate !== name),
  );
  return new StrataError(`${call} found no implementation; tried ${tried.join(', ')}`, {
    hint: suggestion
      ? `Did you mean '${suggestion}'?`
      : `Define {% macro default__${name}(...) %} in your macro paths, ` +
        'or list the package defining it under dispatch: in dbt_project.yml.',
  });
}

/** `adapter.dispatch('pkg.name')`: dbt takes the package as `macro_namespace`, never in the name. */
export function dottedDispatchName(name: string): StrataError {
  const [namespace, macro] = [name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)];
  return new StrataError(`adapter.dispatch('${name}'): a macro name cannot contain '.'`, {
    hint: `Write adapter.dispatch('${macro}', macro_namespace='${namespace}').`,
  });
}

/** A `dispatch:` search order naming a package the project does not have. */
export function unknownSearchPackage(order: DispatchOrder, unknown: string, packages: readonly string[]): StrataError {
  const suggestion = closestMatch(unknown, packages);
  return new StrataError(
    `The dispatch search_order of "${order.macroNamespace}" names "${unknown}", which is not a package of this project`,
    {
      location: order.location,
      hint:
        (suggestion ? `Did you mean "${suggestion}"? ` : '') +
        `The packages are: ${packages.join(', ')}. Install a missing package with strata deps.`,
    },
  );
}
