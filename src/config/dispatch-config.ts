/**
 * `dispatch:` of dbt_project.yml: for a macro namespace, the packages
 * `adapter.dispatch(name, macro_namespace)` searches, in order.
 *
 *   dispatch:
 *     - macro_namespace: dbt_utils
 *       search_order: [my_project, dbt_utils]
 */
import type { SourceLocation } from '../errors/strata-error.js';
import type { YamlFile } from './yaml-file.js';
import { checkKeys, describeType, expectList, isYamlMap, requireString, stringList } from './yaml-shape.js';

/** One `dispatch:` entry, with where it is written. */
export interface DispatchEntry {
  macroNamespace: string;
  searchOrder: string[];
  location: SourceLocation;
}

const HINT = 'Write each entry as "- macro_namespace: dbt_utils" with "search_order: [my_project, dbt_utils]".';

/** Read the `dispatch:` list; every shape mistake is an error at its line. */
export function readDispatchConfig(yaml: YamlFile, value: unknown): DispatchEntry[] {
  const seen = new Set<string>();
  return expectList(yaml, ['dispatch'], value, HINT).map((entry, index) => {
    const path = ['dispatch', index];
    if (!isYamlMap(entry)) throw yaml.error(path, `A dispatch entry must be a map, got ${describeType(entry)}`, HINT);
    checkKeys(yaml, path, entry, ['macro_namespace', 'search_order'], 'a dispatch entry');
    const macroNamespace = requireString(yaml, [...path, 'macro_namespace'], entry.macro_namespace, HINT);
    if (seen.has(macroNamespace)) {
      throw yaml.error(
        path,
        `The dispatch of "${macroNamespace}" is configured twice`,
        'Keep one entry per namespace.',
      );
    }
    seen.add(macroNamespace);
    const searchOrder = stringList(yaml, [...path, 'search_order'], entry.search_order);
    if (searchOrder.length === 0) {
      throw yaml.error(path, `The dispatch of "${macroNamespace}" has no search_order`, HINT);
    }
    return { macroNamespace, searchOrder, location: yaml.at(path) };
  });
}
