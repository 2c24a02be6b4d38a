import { StrataError } from '../errors/strata-error.js';
import type { ResourceType } from '../manifest/types.js';
import { closestMatch } from '../config/closest-match.js';
import { STATE_SELECTORS } from './state-compare.js';

/**
 * Parsing dbt's node selection syntax into plain data (evaluated by select.ts):
 *
 * - each `--select` argument holds space-separated terms, and the terms are a union;
 * - a term holds comma-separated criteria, and the criteria are an intersection;
 * - a criterion is `[@][N+][method:]value[+N]`, e.g. `tag:nightly`, `+stg_orders`, `2+fct_orders+1`.
 */

/** The selector methods, as written before the `:` (`config` is written `config.<key>`). */
export const SELECTOR_METHODS = [
  'fqn',
  'tag',
  'path',
  'file',
  'package',
  'resource_type',
  'config',
  'source',
  'test_type',
  'test_name',
  'state',
  'result',
  'source_status',
  'exposure',
] as const;

export type SelectorMethod = (typeof SELECTOR_METHODS)[number];

export const RESOURCE_TYPES: readonly ResourceType[] = [
  'model',
  'seed',
  'snapshot',
  'source',
  'test',
  'analysis',
  'unit_test',
  'exposure',
];

export const TEST_TYPES = ['generic', 'singular', 'unit', 'data'] as const;

/** `result:<status>`: a status of the previous run_results.json. */
export const RESULT_STATUSES = ['success', 'error', 'fail', 'warn', 'skipped', 'pass'] as const;

/** `source_status:fresher`: sources whose newest rows are newer than in the previous sources.json. */
export const SOURCE_STATUSES = ['fresher'] as const;

/** One criterion, e.g. `2+tag:nightly+`. */
export interface SelectionCriterion {
  /** as the user wrote it, for messages */
  raw: string;
  method: SelectorMethod;
  /** no `method:` prefix was written (a bare name or path) */
  implicit: boolean;
  /** for `config.<key>`: the key path in configToJson's shape, e.g. ['materialized'] */
  configKey?: string[];
  value: string;
  /** `N+x`: how many levels of parents to add; Infinity for `+x`; undefined for none */
  ancestorsDepth?: number;
  /** `x+N`: how many levels of children to add; Infinity for `x+`; undefined for none */
  descendantsDepth?: number;
  /** `@x`: x, its descendants, and every ancestor of those */
  childrensParents: boolean;
}

/** Criteria that must all match (`a,b`). */
export type SelectionIntersection = SelectionCriterion[];

/** Intersections of which any may match (`a b`, or several arguments). */
export type SelectionUnion = SelectionIntersection[];

/** configToJson keys worth suggesting when one is written as a method. */
const COMMON_CONFIG_KEYS = [
  'materialized',
  'schema',
  'database',
  'alias',
  'enabled',
  'incremental_strategy',
  'unique_key',
  'on_schema_change',
  'full_refresh',
  'location',
  'partition_by',
  'format',
  'severity',
  'store_failures',
];

const PATH_EXTENSIONS = ['.sql', '.csv', '.yml', '.yaml', '.py'];

const HELP =
  'Valid methods: fqn, tag, path, file, package, resource_type, config.<key>, source, test_type, test_name, state, ' +
  'result, source_status, exposure. ' +
  "A bare name selects by name or fqn (or by path when it has a '/' or ends in .sql); " +
  "graph operators: +x, x+, 2+x, x+1, @x; 'a b' is a union, 'a,b' an intersection.";

/**
 * Parses the arguments of `--select` (or `--exclude`) into a union of intersections.
 * Blank arguments are ignored, so `[]` and `['']` both give an empty union.
 *
 * @throws StrataError naming the selector and the valid methods (with a "did you mean")
 *   for an unknown method, an empty value, a bad graph operator or an invalid value.
 */
export function parseSelectors(items: readonly string[]): SelectionUnion {
  const union: SelectionUnion = [];
  for (const item of items) {
    for (const term of item.trim().split(/\s+/)) {
      if (term === '') continue;
      union.push(term.split(',').map((part) => parseCriterion(part, term)));
    }
  }
  return union;
}

/** Parses one criterion such as `@tag:nightly` or `2+stg_orders+`; `term` is only for messages. */
export function parseCriterion(raw: string, term: string = raw): SelectionCriterion {
  if (raw === '') fail(term, 'it has an empty part between commas');
  let rest = raw;
  const childrensParents = rest.startsWith('@');
  if (childrensParents) rest = rest.slice(1);

  let ancestorsDepth: number | undefined;
  const leading = /^(\d*)\+/.exec(rest);
  if (leading) {
    ancestorsDepth = leading[1] === '' ? Infinity : Number(leading[1]);
    rest = rest.slice(leading[0].length);
  }
  let descendantsDepth: number | undefined;
  const trailing = /\+(\d*)$/.exec(rest);
  if (trailing) {
    descendantsDepth = trailing[1] === '' ? Infinity : Number(trailing[1]);
    rest = rest.slice(0, trailing.index);
  }
  if (childrensParents && ancestorsDepth !== undefined) {
    fail(raw, "'@' and a leading '+' cannot be combined ('@' already adds every ancestor)");
  }

  const colon = rest.indexOf(':');
  const methodText = colon === -1 ? undefined : rest.slice(0, colon);
  const value = colon === -1 ? rest : rest.slice(colon + 1);
  const { method, configKey } =
    methodText === undefined ? { method: implicitMethod(value), configKey: undefined } : parseMethod(methodText, raw);

  if (value === '') {
    const problem =
      methodText === undefined
        ? 'it selects nothing (only graph operators)'
        : `there is no value after '${methodText}:'`;
    fail(raw, problem);
  }
  // A '+' left in the value means an operator that did not parse, e.g. `x+a` or `++x`.
  if (value.includes('+') && method !== 'path' && method !== 'file') {
    fail(raw, "a graph operator is malformed: depths are whole numbers, as in '2+x', 'x+1', '+x' or 'x+'");
  }
  validateValue(method, value, raw);
  const implicit = methodText === undefined;
  return { raw, method, implicit, configKey, value, ancestorsDepth, descendantsDepth, childrensParents };
}

/** dbt's default: something that looks like a file path selects by path, anything else by fqn. */
function implicitMethod(value: string): SelectorMethod {
  const lower = value.toLowerCase();
  if (value.includes('/') || value.includes('\\') || PATH_EXTENSIONS.some((ext) => lower.endsWith(ext))) return 'path';
  return 'fqn';
}

function parseMethod(text: string, raw: string): { method: SelectorMethod; configKey?: string[] } {
  if (text.startsWith('config.')) {
    const configKey = text.slice('config.'.length).split('.');
    if (configKey.some((part) => part === '')) {
      fail(raw, `'${text}' is not a config key: write config.<key>, e.g. config.materialized:view`);
    }
    return { method: 'config', configKey };
  }
  if (text === 'config') fail(raw, "'config' needs a key: write config.<key>, e.g. config.materialized:view");
  if ((SELECTOR_METHODS as readonly string[]).includes(text)) return { method: text as SelectorMethod };
  const method = closestMatch(
    text,
    SELECTOR_METHODS.filter((m) => m !== 'config'),
  );
  // `materialized:view` is a common slip for `config.materialized:view`.
  const configKey = method === undefined ? closestMatch(text, COMMON_CONFIG_KEYS) : undefined;
  const suggestion = method ?? (configKey === undefined ? undefined : `config.${configKey}`);
  fail(raw, `unknown method '${text}'${suggestion ? `. Did you mean '${suggestion}'?` : ''}`);
}

function validateValue(method: SelectorMethod, value: string, raw: string): void {
  const allowed: Partial<Record<SelectorMethod, readonly string[]>> = {
    resource_type: RESOURCE_TYPES,
    test_type: TEST_TYPES,
    state: STATE_SELECTORS,
    result: RESULT_STATUSES,
    source_status: SOURCE_STATUSES,
  };
  const values = allowed[method];
  if (values === undefined || values.includes(value)) return;
  const suggestion = closestMatch(value, values);
  const didYouMean = suggestion ? `. Did you mean '${method}:${suggestion}'?` : '';
  fail(raw, `'${value}' is not a valid ${method} (expected ${values.join(', ')})${didYouMean}`);
}

function fail(raw: string, problem: string): never {
  throw new StrataError(`Invalid selector '${raw}': ${problem}`, { hint: HELP });
}
