/**
 * selectors.yml, dbt's named selections: `selectors:` with `name`, `description`,
 * `default` and `definition`, a definition being CLI selection text, a method criterion
 * (`method`, `value`, `children`, `parents`, depths, `childrens_parents`,
 * `indirect_selection`), a `method: value` shorthand, or a `union` / `intersection` whose
 * items may include one `exclude`. Read into plain data; select-definition.ts evaluates it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { closestMatch } from '../config/closest-match.js';
import { interpolateEnvVars } from '../config/env-var.js';
import { loadYamlFile, type YamlFile, type YamlPath } from '../config/yaml-file.js';
import {
  checkKeys,
  describeType,
  expectList,
  expectMap,
  isYamlMap,
  optionalString,
  requireString,
} from '../config/yaml-shape.js';
import { StrataError, type SourceLocation } from '../errors/strata-error.js';
import { parseSelectors } from './selector-parse.js';

/** The file's name, at the project root. */
export const SELECTORS_FILE = 'selectors.yml';

/** How tests attached to selected nodes come along (dbt's `indirect_selection`). */
export type IndirectSelection = 'eager' | 'cautious' | 'buildable' | 'empty';
const INDIRECT: readonly IndirectSelection[] = ['eager', 'cautious', 'buildable', 'empty'];

/** One part of a selector's definition. */
export type SelectorDefinition =
  /** selection text as on the command line (`tag:nightly+`), from a string or a method criterion */
  | { kind: 'text'; text: string; indirect: IndirectSelection; at: SourceLocation }
  /** `method: selector`: another named selector */
  | { kind: 'selector'; name: string; at: SourceLocation }
  | { kind: 'union' | 'intersection'; items: SelectorDefinition[]; exclude: SelectorDefinition[]; at: SourceLocation };

/** A named selector. */
export interface NamedSelector {
  name: string;
  description?: string;
  isDefault: boolean;
  definition: SelectorDefinition;
  at: SourceLocation;
}

/** The selectors of a project, by name, and the default one if any. */
export interface SelectorsFile {
  file: string;
  selectors: Map<string, NamedSelector>;
  defaultSelector?: NamedSelector;
}

const SELECTOR_KEYS = ['name', 'description', 'default', 'definition'];
const CRITERION_KEYS = [
  'method',
  'value',
  'children',
  'parents',
  'children_depth',
  'parents_depth',
  'childrens_parents',
  'indirect_selection',
];
const EXAMPLE = 'e.g. "definition: {method: tag, value: nightly, children: true}" or "definition: \'tag:nightly+\'"';

/** The selectors.yml of the project at `rootDir`, or undefined when it has none. */
export function loadSelectorsFile(rootDir: string): SelectorsFile | undefined {
  const absPath = path.join(rootDir, SELECTORS_FILE);
  if (!fs.existsSync(absPath)) return undefined;
  const yaml = loadYamlFile(absPath, rootDir);
  const raw = expectMap(yaml, [], interpolateEnvVars(yaml.value, yaml));
  checkKeys(yaml, [], raw, ['selectors'], SELECTORS_FILE);
  const selectors = new Map<string, NamedSelector>();
  let defaultSelector: NamedSelector | undefined;
  expectList(yaml, ['selectors'], raw.selectors).forEach((item, index) => {
    const selector = readSelector(yaml, ['selectors', index], item);
    const earlier = selectors.get(selector.name);
    if (earlier) {
      throw yaml.error(
        ['selectors', index, 'name'],
        `Selector "${selector.name}" is defined twice (first at line ${earlier.at.line})`,
        'Give each selector its own name.',
      );
    }
    if (selector.isDefault && defaultSelector) {
      throw yaml.error(
        ['selectors', index, 'default'],
        `Selectors "${defaultSelector.name}" and "${selector.name}" are both "default: true"`,
        'Only one selector may be the default.',
      );
    }
    if (selector.isDefault) defaultSelector = selector;
    selectors.set(selector.name, selector);
  });
  const file = { file: yaml.file, selectors, defaultSelector };
  checkReferences(yaml, file);
  return file;
}

function readSelector(yaml: YamlFile, at: YamlPath, item: unknown): NamedSelector {
  const map = expectMap(yaml, at, item);
  checkKeys(yaml, at, map, SELECTOR_KEYS, 'a selector');
  const name = requireString(yaml, [...at, 'name'], map.name, 'Name the selector: "name: nightly".');
  const isDefault = map.default ?? false;
  if (typeof isDefault !== 'boolean') {
    throw yaml.error([...at, 'default'], `"default" must be true or false, got ${describeType(isDefault)}`);
  }
  if (map.definition === undefined || map.definition === null) {
    throw yaml.error(at, `Selector "${name}" has no "definition"`, `Add one, ${EXAMPLE}.`);
  }
  return {
    name,
    description: optionalString(yaml, [...at, 'description'], map.description),
    isDefault,
    definition: readDefinition(yaml, [...at, 'definition'], map.definition),
    at: yaml.at(at),
  };
}

/** One definition node: a string, a union/intersection, a method criterion or a `method: value` shorthand. */
function readDefinition(yaml: YamlFile, at: YamlPath, value: unknown): SelectorDefinition {
  const location = yaml.at(at);
  if (typeof value === 'string')
    return { kind: 'text', text: checkedText(yaml, at, value), indirect: 'eager', at: location };
  if (!isYamlMap(value)) {
    throw yaml.error(at, `A selector definition must be a map or selection text, got ${describeType(value)}`, EXAMPLE);
  }
  for (const kind of ['union', 'intersection'] as const) {
    if (value[kind] === undefined) continue;
    checkKeys(yaml, at, value, [kind], `a "${kind}" definition`);
    return readSetOperation(yaml, [...at, kind], kind, value[kind]);
  }
  if (value.method === undefined) {
    const keys = Object.keys(value);
    if (keys.length !== 1) {
      const known = ['union', 'intersection', ...CRITERION_KEYS];
      const unknown = keys.find((key) => !known.includes(key)) ?? keys[0] ?? '';
      const match = closestMatch(unknown, known);
      throw yaml.error(
        [...at, unknown],
        `Unknown key "${unknown}" in a selector definition`,
        `${match ? `Did you mean "${match}"? ` : ''}A definition is a "union", an "intersection", ` +
          `a "method" with a "value", or a one-key shorthand such as "tag: nightly".`,
      );
    }
    const method = keys[0]!;
    return readCriterion(yaml, at, { method, value: value[method] });
  }
  checkKeys(yaml, at, value, [...CRITERION_KEYS, 'exclude'], 'a selector method');
  const criterion = readCriterion(yaml, at, value);
  if (value.exclude === undefined) return criterion;
  // dbt lets a method carry its own exclusions: the method's nodes minus them
  const exclude = expectList(yaml, [...at, 'exclude'], value.exclude).map((each, index) =>
    readDefinition(yaml, [...at, 'exclude', index], each),
  );
  return { kind: 'union', items: [criterion], exclude, at: criterion.at };
}

function readSetOperation(
  yaml: YamlFile,
  at: YamlPath,
  kind: 'union' | 'intersection',
  value: unknown,
): SelectorDefinition {
  const items: SelectorDefinition[] = [];
  let exclude: SelectorDefinition[] | undefined;
  expectList(yaml, at, value).forEach((item, index) => {
    if (isYamlMap(item) && item.exclude !== undefined) {
      checkKeys(yaml, [...at, index], item, ['exclude'], 'an "exclude" item');
      if (exclude)
        throw yaml.error([...at, index], `A "${kind}" may hold one "exclude"`, 'List every exclusion in it.');
      exclude = expectList(yaml, [...at, index, 'exclude'], item.exclude).map((each, position) =>
        readDefinition(yaml, [...at, index, 'exclude', position], each),
      );
      return;
    }
    items.push(readDefinition(yaml, [...at, index], item));
  });
  if (items.length === 0) throw yaml.error(at, `A "${kind}" needs at least one item besides "exclude"`, EXAMPLE);
  return { kind, items, exclude: exclude ?? [], at: yaml.at(at) };
}

/** A method criterion, as the selection text the CLI would take. */
function readCriterion(yaml: YamlFile, at: YamlPath, map: Record<string, unknown>): SelectorDefinition {
  const method = requireString(yaml, [...at, 'method'], map.method);
  const value = requireString(yaml, [...at, 'value'], map.value, `Give the ${method} to select: "value: x".`);
  if (method === 'selector') return { kind: 'selector', name: value, at: yaml.at([...at, 'value']) };
  const flag = (key: string): boolean => {
    const flagValue = map[key] ?? false;
    if (typeof flagValue === 'boolean') return flagValue;
    throw yaml.error([...at, key], `"${key}" must be true or false, got ${describeType(flagValue)}`);
  };
  const depth = (key: string): string => {
    const depthValue = map[key];
    if (depthValue === undefined || depthValue === null) return '';
    if (typeof depthValue === 'number' && Number.isInteger(depthValue) && depthValue >= 0) return String(depthValue);
    throw yaml.error([...at, key], `"${key}" must be a whole number, got ${describeType(depthValue)}`);
  };
  const parents = flag('parents') || depth('parents_depth') !== '';
  const children = flag('children') || depth('children_depth') !== '';
  const text =
    (flag('childrens_parents') ? '@' : '') +
    (parents ? `${depth('parents_depth')}+` : '') +
    `${method}:${value}` +
    (children ? `+${depth('children_depth')}` : '');
  const indirect = optionalString(yaml, [...at, 'indirect_selection'], map.indirect_selection) ?? 'eager';
  if (!(INDIRECT as readonly string[]).includes(indirect)) {
    const match = closestMatch(indirect, INDIRECT);
    throw yaml.error(
      [...at, 'indirect_selection'],
      `"${indirect}" is not an indirect_selection`,
      `${match ? `Did you mean "${match}"? ` : ''}Use one of: ${INDIRECT.join(', ')}.`,
    );
  }
  return {
    kind: 'text',
    text: checkedText(yaml, [...at, 'method'], text),
    indirect: indirect as IndirectSelection,
    at: yaml.at(at),
  };
}

/** Selection text, checked now so that a mistake is reported at its line of selectors.yml. */
function checkedText(yaml: YamlFile, at: YamlPath, text: string): string {
  try {
    parseSelectors([text]);
  } catch (error) {
    if (error instanceof StrataError) throw yaml.error(at, error.message, error.hint);
    throw error;
  }
  return text;
}

/** `method: selector` must name a selector of the file, without a cycle. */
function checkReferences(yaml: YamlFile, file: SelectorsFile): void {
  const visit = (definition: SelectorDefinition, trail: string[]): void => {
    if (definition.kind === 'text') return;
    if (definition.kind === 'selector') {
      const target = file.selectors.get(definition.name);
      if (!target) {
        const match = closestMatch(definition.name, file.selectors.keys());
        throw new StrataError(`Selector "${definition.name}" is not defined in ${yaml.file}`, {
          location: definition.at,
          hint: match ? `Did you mean "${match}"?` : `Define it under "selectors:", or fix the name.`,
        });
      }
      if (trail.includes(target.name)) {
        throw new StrataError(`Selectors refer to each other in a cycle: ${[...trail, target.name].join(' -> ')}`, {
          location: definition.at,
          hint: 'A selector may not include itself, directly or through others.',
        });
      }
      visit(target.definition, [...trail, target.name]);
      return;
    }
    for (const item of [...definition.items, ...definition.exclude]) visit(item, trail);
  };
  for (const selector of file.selectors.values()) visit(selector.definition, [selector.name]);
}
