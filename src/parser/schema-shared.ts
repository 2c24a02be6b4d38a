/**
 * Small readers shared by the schema YAML parsers: duplicate names, and tags/meta that
 * may be written beside a name or (dbt >= 1.10) under its `config:`.
 */
import type { YamlFile, YamlPath } from '../config/yaml-file.js';
import { expectMap, stringList } from '../config/yaml-shape.js';
import type { YamlMap } from '../config/yaml-shape.js';

/** Records `name` declared at `path`; a second declaration is a StrataError naming the first line. */
export function rejectDuplicate(
  yaml: YamlFile,
  seen: Map<string, number>,
  name: string,
  path: YamlPath,
  what: string,
): void {
  // Warehouses fold unquoted identifiers, so `Id` and `id` are the same column.
  const key = name.toLowerCase();
  const first = seen.get(key);
  if (first !== undefined) {
    throw yaml.error(path, `${what} is declared twice (first at line ${first})`, 'Merge the two entries into one.');
  }
  seen.set(key, yaml.lineOf(path));
}

/** `tags` (union, first-seen order) and `meta` (config wins) of `owner` and its `config`. */
export function readTagsAndMeta(
  yaml: YamlFile,
  path: YamlPath,
  owner: YamlMap,
  config: YamlMap,
): { tags: string[]; meta: Record<string, unknown> } {
  const tags = [
    ...stringList(yaml, [...path, 'tags'], owner.tags),
    ...stringList(yaml, [...path, 'config', 'tags'], config.tags),
  ];
  const meta = {
    ...expectMap(yaml, [...path, 'meta'], owner.meta),
    ...expectMap(yaml, [...path, 'config', 'meta'], config.meta),
  };
  return { tags: [...new Set(tags)], meta };
}
