import { configToJson } from '../manifest/config-json.js';
import type { ManifestNode } from '../manifest/types.js';
import { globMatcher, globSource, hasWildcard } from './glob.js';
import type { SelectionCriterion } from './selector-parse.js';
import type { SelectionIndex } from './selection-index.js';
import { matchesState } from './state-compare.js';
import { fresherSources, previousResults } from './state-results.js';
import type { StateSelector } from './state-compare.js';
import type { PreviousState } from './state.js';

/**
 * The nodes a criterion's method and value match, before graph operators. Each method is
 * one pass over the nodes at most (O(n)); exact names and tags are map lookups.
 * `state` must be given when the criterion uses `state:` (select.ts checks that first).
 */
export function matchCriterion(index: SelectionIndex, criterion: SelectionCriterion, state?: PreviousState): string[] {
  const { value } = criterion;
  switch (criterion.method) {
    case 'fqn':
      return matchFqn(index, value);
    case 'tag':
      return lookup(index.byTag, value);
    case 'path':
      return filter(index, pathMatcher(value));
    case 'file': {
      const matches = globMatcher(value);
      return filter(index, (node) => {
        const base = node.origin.file.replace(/\\/g, '/').split('/').pop() ?? '';
        return matches(base) || matches(base.replace(/\.[^.]*$/, ''));
      });
    }
    case 'package': {
      const matches = globMatcher(value);
      return filter(index, (node) => matches(node.packageName));
    }
    case 'resource_type':
      return filter(index, (node) => node.resourceType === value);
    case 'config':
      return matchConfig(index, criterion.configKey ?? [], value);
    case 'source':
      return matchSource(index, value);
    case 'exposure':
      return matchExposure(index, value);
    case 'test_type':
      // dbt's `unit` and `data` (every data test); generic tests carry their test's metadata
      if (value === 'unit' || value === 'data') {
        return filter(index, (node) => node.resourceType === (value === 'unit' ? 'unit_test' : 'test'));
      }
      return filter(
        index,
        (node) => node.resourceType === 'test' && (node.testMetadata !== undefined) === (value === 'generic'),
      );
    case 'test_name': {
      const matches = globMatcher(value);
      return filter(index, (node) => node.resourceType === 'test' && matches(node.testMetadata?.name ?? node.name));
    }
    case 'state': {
      if (state === undefined) throw new Error('Bug: a state: selector was evaluated without a previous state');
      return filter(index, (node) => matchesState(node, state, value as StateSelector));
    }
    case 'result': {
      if (state === undefined) throw new Error('Bug: a result: selector was evaluated without a previous state');
      const statuses = previousResults(state);
      return filter(index, (node) => statuses.get(node.uniqueId) === value);
    }
    case 'source_status': {
      if (state === undefined) throw new Error('Bug: a source_status: selector was evaluated without a state');
      const fresher = fresherSources(state);
      return filter(index, (node) => fresher.has(node.uniqueId));
    }
  }
}

function filter(index: SelectionIndex, predicate: (node: ManifestNode) => boolean): string[] {
  const ids: string[] = [];
  for (const node of index.nodes) if (predicate(node)) ids.push(node.uniqueId);
  return ids;
}

/** Exact keys are one lookup; a wildcard is matched against the keys, far fewer than the nodes. */
function lookup(table: Map<string, string[]>, value: string): string[] {
  if (!hasWildcard(value)) return table.get(value) ?? [];
  const matches = globMatcher(value);
  const ids: string[] = [];
  for (const [key, keyIds] of table) if (matches(key)) ids.push(...keyIds);
  return ids;
}

/**
 * dbt's fqn rule: the value matches the node's name (wildcards allowed), or is a dotted
 * prefix of its fqn (`shop.staging` selects everything under staging), where a `*` part
 * matches everything below it.
 */
function matchFqn(index: SelectionIndex, value: string): string[] {
  const parts = value.split('.');
  if (parts.length === 1) {
    const byName = lookup(index.byName, value);
    // A bare package name is a one-part fqn prefix: `shop` selects the whole project.
    return hasWildcard(value) ? byName : [...byName, ...(index.byFqnHead.get(value) ?? [])];
  }
  const matchesName = globMatcher(value);
  return filter(index, (node) => matchesName(node.name) || fqnStartsWith(node.fqn, parts));
}

function fqnStartsWith(fqn: string[], parts: string[]): boolean {
  // Dots inside a segment (versioned names) act as separators too, as in dbt.
  const flat = fqn.flatMap((segment) => segment.split('.'));
  if (parts.length > flat.length) return false;
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === '*') return true;
    if (parts[i] !== flat[i]) return false;
  }
  return true;
}

/** A folder or file relative to the project root; a folder selects everything below it. */
function pathMatcher(value: string): (node: ManifestNode) => boolean {
  const wanted = normalizePath(value);
  if (wanted === '') return () => true;
  if (hasWildcard(wanted)) {
    const regex = new RegExp(`^${globSource(wanted, { path: true })}(/.*)?$`);
    return (node) => regex.test(normalizePath(node.origin.file));
  }
  return (node) => {
    const file = normalizePath(node.origin.file);
    return file === wanted || file.startsWith(`${wanted}/`);
  };
}

function normalizePath(path: string): string {
  let normalized = path.replace(/\\/g, '/').replace(/\/+$/, '');
  while (normalized.startsWith('./')) normalized = normalized.slice(2);
  return normalized === '.' ? '' : normalized;
}

/**
 * `config.<key>:value` on configToJson's keys; a list value matches when any item does. A severity
 * is matched in any case, as dbt reads it: `config.severity:error` selects tests of dbt's default `ERROR`.
 */
function matchConfig(index: SelectionIndex, key: string[], value: string): string[] {
  const caseless = key.length === 1 && key[0] === 'severity';
  const glob = globMatcher(caseless ? value.toLowerCase() : value);
  const matches = caseless ? (text: string) => glob(text.toLowerCase()) : glob;
  return filter(index, (node) => {
    let actual: unknown = configToJson(node.config, node.resourceType, node.meta);
    for (const part of key) {
      if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
      actual = (actual as Record<string, unknown>)[part];
    }
    const items = Array.isArray(actual) ? actual : [actual];
    return items.some((item) => isScalar(item) && matches(String(item)));
  });
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** `source:bronze`, `source:bronze.orders` or `source:shop.bronze.orders`, wildcards allowed. */
function matchSource(index: SelectionIndex, value: string): string[] {
  const parts = value.split('.').map((part) => globMatcher(part));
  const [first, second, third] = parts;
  if (parts.length > 3) return [];
  return filter(index, (node) => {
    if (node.resourceType !== 'source') return false;
    if (parts.length === 1) return first!(node.sourceName);
    if (parts.length === 2) return first!(node.sourceName) && second!(node.tableName);
    return first!(node.packageName) && second!(node.sourceName) && third!(node.tableName);
  });
}

/** `exposure:weekly_revenue` or `exposure:shop.weekly_revenue`, wildcards allowed. */
function matchExposure(index: SelectionIndex, value: string): string[] {
  const parts = value.split('.').map((part) => globMatcher(part));
  const [first, second] = parts;
  if (parts.length > 2) return [];
  return filter(index, (node) => {
    if (node.resourceType !== 'exposure') return false;
    return parts.length === 1 ? first!(node.name) : first!(node.packageName) && second!(node.name);
  });
}
