/**
 * Which definition a generic test named in YAML runs, as dbt resolves it: `not_null` is the
 * project's `{% test not_null %}` when there is one (a project test overrides the built-in),
 * else an installed package's, else the built-in; `dbt_utils.expression_is_true` is the macro `test_expression_is_true`
 * of the package namespace `dbt_utils` (a global mapping macro names to callables).
 */
import { closestMatch } from '../config/closest-match.js';
import { StrataError, type SourceLocation } from '../errors/strata-error.js';
import type { TemplateEnvironment } from '../templating/environment.js';
import { TEST_MACRO_PREFIX } from '../templating/test-block.js';
import { GENERIC_TESTS } from './generic-tests.js';

/** dbt's own namespace (`dbt.date_trunc`): its tests are the built-ins, which come last. */
const INTERNAL_NAMESPACE = 'dbt';

/** A test name as written in YAML, split at its package: `dbt_utils.accepted_range`. */
export interface GenericTestReference {
  name: string;
  namespace?: string;
}

/** A callable `{% test %}` macro. */
export type TestMacro = (...args: unknown[]) => unknown;

/** What a generic test runs: a `{% test %}` macro, or a built-in test of `generic-tests.ts`. */
export type GenericTestDefinition = { kind: 'macro'; macro: TestMacro } | { kind: 'builtin' };

/** `dbt_utils.expression_is_true` -> namespace and name; a plain name has no namespace. */
export function splitTestName(written: string): GenericTestReference {
  const dot = written.indexOf('.');
  if (dot < 0) return { name: written };
  return { namespace: written.slice(0, dot), name: written.slice(dot + 1) };
}

/** The definition `reference` resolves to, or undefined when nothing defines it. */
export function findGenericTest(
  templates: TemplateEnvironment,
  reference: GenericTestReference,
): GenericTestDefinition | undefined {
  const macroName = `${TEST_MACRO_PREFIX}${reference.name}`;
  const globals = globalsOf(templates);
  if (reference.namespace !== undefined) {
    const namespace = globals[reference.namespace];
    const macro = isRecord(namespace) ? namespace[macroName] : undefined;
    return typeof macro === 'function' ? { kind: 'macro', macro: macro as TestMacro } : undefined;
  }
  const macro = globals[macroName];
  if (typeof macro === 'function') return { kind: 'macro', macro: macro as TestMacro };
  // like dbt: the root project's tests first, then an installed package's, then the built-ins
  for (const key of Object.keys(globals)) {
    if (key === INTERNAL_NAMESPACE || key.startsWith('__')) continue;
    const value: unknown = Object.getOwnPropertyDescriptor(globals, key)?.value;
    const member = isRecord(value) ? value[macroName] : undefined;
    if (typeof member === 'function') return { kind: 'macro', macro: member as TestMacro };
  }
  return GENERIC_TESTS.has(reference.name) ? { kind: 'builtin' } : undefined;
}

/** Every generic test name a YAML entry may use: built-ins, project tests and `<package>.<test>`. */
export function knownGenericTests(templates: TemplateEnvironment): string[] {
  const names = new Set(GENERIC_TESTS.keys());
  const globals = globalsOf(templates);
  for (const key of Object.keys(globals)) {
    // descriptors, not values: the `this` and `target` getters only work during a render
    const value: unknown = Object.getOwnPropertyDescriptor(globals, key)?.value;
    if (key.startsWith(TEST_MACRO_PREFIX) && typeof value === 'function') {
      names.add(key.slice(TEST_MACRO_PREFIX.length));
    } else if (isRecord(value) && !key.startsWith('__')) {
      for (const member of Object.keys(value)) {
        if (member.startsWith(TEST_MACRO_PREFIX) && typeof value[member] === 'function') {
          names.add(`${key}.${member.slice(TEST_MACRO_PREFIX.length)}`);
        }
      }
    }
  }
  return [...names].sort();
}

/** Raised at parse time, so a typo is reported whatever the command selects. */
export function unknownGenericTest(
  templates: TemplateEnvironment,
  written: string,
  where: SourceLocation,
): StrataError {
  const known = knownGenericTests(templates);
  const suggestion = closestMatch(written, known);
  const { namespace } = splitTestName(written);
  return new StrataError(`Unknown generic test "${written}"`, {
    location: where,
    hint:
      `${suggestion ? `Did you mean "${suggestion}"? ` : ''}Known generic tests: ${known.join(', ')}. ` +
      (namespace === undefined
        ? 'Define a test of your own with {% test name(model, column_name) %} ... {% endtest %} in the macro ' +
          'paths or tests/generic/, or write a singular test: a .sql file under the test paths.'
        : `Check that the package "${namespace}" is installed and defines {% test ${splitTestName(written).name} %}.`),
  });
}

/** nunjucks keeps globals on a plain object its typings do not declare. */
function globalsOf(templates: TemplateEnvironment): Record<string, unknown> {
  return (templates.nunjucks as unknown as { globals: Record<string, unknown> }).globals;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
