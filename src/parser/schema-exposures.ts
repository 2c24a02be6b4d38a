/**
 * The `exposures:` section of a schema file, as dbt 1.10/1.11 writes it: each entry names
 * something outside the project that reads its tables, who owns it and what it reads.
 * Checked for shape here with file and line; `phases/exposures.ts` resolves `depends_on`.
 *
 *   exposures:
 *     - name: weekly_revenue
 *       type: dashboard
 *       owner: { name: Finance, email: finance@example.com }
 *       depends_on: [ref('fct_orders')]
 */
import { closestMatch } from '../config/closest-match.js';
import type { YamlFile, YamlPath } from '../config/yaml-file.js';
import {
  checkKeys,
  describeType,
  expectList,
  expectMap,
  isYamlMap,
  optionalField,
  optionalString,
  requireString,
} from '../config/yaml-shape.js';
import {
  EXPOSURE_MATURITIES,
  EXPOSURE_TYPES,
  type ExposureMaturity,
  type ExposureType,
} from '../exposures/exposure-node.js';
import { readTagsAndMeta, rejectDuplicate } from './schema-shared.js';

/** One `exposures:` entry as written, its descriptions not yet rendered. */
export interface ExposureDeclaration {
  name: string;
  label?: string;
  type: ExposureType;
  maturity?: ExposureMaturity;
  url?: string;
  description: string;
  owner: { name?: string; email?: string };
  /** `ref('x')`, `source('s', 't')`, `metric('m')` as written, each with its line */
  dependsOn: Array<{ call: string; line: number }>;
  tags: string[];
  meta: Record<string, unknown>;
  /** the entry's `config: enabled`; unset, the project's `exposures:` block decides (default on) */
  enabled?: boolean;
  file: string;
  line: number;
}

const ENTRY_KEYS = [
  'name',
  'label',
  'type',
  'maturity',
  'url',
  'description',
  'owner',
  'depends_on',
  'tags',
  'meta',
  'config',
];
const HINT = 'Start each exposure with "- name: <exposure name>" and give "type:" and "owner:".';
// dbt's rule: the name is used in selectors and unique ids
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parse the `exposures:` list of a schema file; every shape mistake is a StrataError at its line. */
export function parseExposures(yaml: YamlFile, value: unknown): ExposureDeclaration[] {
  const seen = new Map<string, number>();
  return expectList(yaml, ['exposures'], value, HINT).map((entry, index) => {
    const path: YamlPath = ['exposures', index];
    if (!isYamlMap(entry)) throw yaml.error(path, `An exposure must be a map, got ${describeType(entry)}`, HINT);
    const label = typeof entry.name === 'string' ? `exposure "${entry.name}"` : `exposure ${index + 1}`;
    checkKeys(yaml, path, entry, ENTRY_KEYS, label);
    const name = requireString(yaml, [...path, 'name'], entry.name, 'Add "name:", unique among the exposures.');
    if (!NAME.test(name)) {
      throw yaml.error(
        [...path, 'name'],
        `Exposure name "${name}" may hold only letters, digits and underscores`,
        `Write name: ${identifierOf(name)} and put the shown name in "label:".`,
      );
    }
    rejectDuplicate(yaml, seen, name, path, `exposure "${name}"`);
    const config = expectMap(yaml, [...path, 'config'], entry.config);
    checkKeys(yaml, [...path, 'config'], config, ['enabled', 'tags', 'meta'], `the config of exposure "${name}"`);
    if (config.enabled !== undefined && typeof config.enabled !== 'boolean') {
      throw yaml.error(
        [...path, 'config', 'enabled'],
        `"enabled" must be true or false, got ${describeType(config.enabled)}`,
      );
    }
    return {
      name,
      ...optionalField('label', optionalString(yaml, [...path, 'label'], entry.label)),
      type: oneOf(yaml, [...path, 'type'], entry.type, EXPOSURE_TYPES, 'type', true)!,
      ...optionalField('maturity', oneOf(yaml, [...path, 'maturity'], entry.maturity, EXPOSURE_MATURITIES, 'maturity')),
      ...optionalField('url', optionalString(yaml, [...path, 'url'], entry.url)),
      description: optionalString(yaml, [...path, 'description'], entry.description) ?? '',
      owner: parseOwner(yaml, [...path, 'owner'], entry.owner, name),
      dependsOn: expectList(yaml, [...path, 'depends_on'], entry.depends_on ?? [], DEPENDS_HINT).map((call, i) => ({
        call: requireString(yaml, [...path, 'depends_on', i], call, DEPENDS_HINT).trim(),
        line: yaml.lineOf([...path, 'depends_on', i]),
      })),
      ...readTagsAndMeta(yaml, path, entry, config),
      ...optionalField('enabled', config.enabled as boolean | undefined),
      file: yaml.file,
      line: yaml.lineOf(path),
    };
  });
}

/** `Revenue board` -> `Revenue_board`: a name dbt accepts. */
function identifierOf(text: string): string {
  return text.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^(?=\d)/, '_');
}

const DEPENDS_HINT = "Write depends_on as a list: - ref('model_name') or - source('source_name', 'table_name').";

/** dbt requires an owner with a name or an email. */
function parseOwner(yaml: YamlFile, path: YamlPath, value: unknown, exposure: string): ExposureDeclaration['owner'] {
  const hint = 'Add "owner:" with "name:" and/or "email:" of whoever answers for it.';
  if (value === undefined) throw yaml.error(path.slice(0, -1), `Exposure "${exposure}" has no "owner:"`, hint);
  const owner = expectMap(yaml, path, value, hint);
  checkKeys(yaml, path, owner, ['name', 'email'], `the owner of exposure "${exposure}"`);
  const name = optionalString(yaml, [...path, 'name'], owner.name);
  const email = optionalString(yaml, [...path, 'email'], owner.email);
  if (name === undefined && email === undefined) throw yaml.error(path, `The owner of "${exposure}" is empty`, hint);
  return { ...optionalField('name', name), ...optionalField('email', email) };
}

/** One of dbt's words for `key`, with a "did you mean" for a near miss. */
function oneOf<T extends string>(
  yaml: YamlFile,
  path: YamlPath,
  value: unknown,
  allowed: readonly T[],
  key: string,
  required = false,
): T | undefined {
  const text = required
    ? requireString(yaml, path, value, `Add "${key}:", one of ${allowed.join(', ')}.`)
    : optionalString(yaml, path, value);
  if (text === undefined || (allowed as readonly string[]).includes(text)) return text as T | undefined;
  const match = closestMatch(text, allowed);
  throw yaml.error(
    path,
    `"${text}" is not an exposure ${key}`,
    `${match ? `Did you mean "${match}"? ` : ''}Write one of: ${allowed.join(', ')}.`,
  );
}
