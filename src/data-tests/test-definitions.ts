/**
 * Which definition a generic test named in YAML runs, as dbt resolves it: `not_null` is the
 * project's `{% test not_null %}` when there is one (a project test overrides the built-in),
 * else an installed package's, else the built-in; `dbt_utils.expression_is_true` is the
 * macro `test_expression_is_true` of the package namespace `dbt_utils` (a global mapping
 * macro names to callables).
 */
import { closestMatch } from '../config/closest-match.js';
import { StrataError, type SourceLocation } from '../errors/strata-error.js';
import type { Manifest } from '../manifest/types.js';
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
export type GenericTestDefinition = { kind: 'macro'; macro: TestMacro; file?: string } | { kind: 'builtin' };

/** `dbt_utils.expression_is_true` -> namespace and name; a plain name has no namespace. */
export function splitTestName(written: string): GenericTestReference {
  const dot = written.indexOf('.');
  if (dot < 0) return { name: written };
  return { namespace: written.slice(0, dot), name: written.slice(dot + 1) };
}

/**
 * The generic tests a project can use, indexed once its macros (and package namespaces) are
 * registered: every declared test is looked up, so a project with thousands of tests must
 * not scan the globals for each.
 */
export class GenericTestDefinitions {
  private readonly globals: Record<string, unknown>;
  /** `test_<name>` macros of the package namespaces, the first package's where two define one */
  private readonly packageTests = new Map<string, TestMacro>();

  /**
   * `macroFiles`: the file of each project macro by name (the manifest's macros), so that an
   * error inside a test names the file defining it.
   */
  constructor(
    templates: TemplateEnvironment,
    private readonly macroFiles: ReadonlyMap<string, string> = new Map(),
  ) {
    this.globals = globalsOf(templates);
    for (const [, namespace] of this.namespaces()) {
      for (const [member, macro] of Object.entries(namespace)) {
        if (member.startsWith(TEST_MACRO_PREFIX) && typeof macro === 'function' && !this.packageTests.has(member)) {
          this.packageTests.set(member, macro as TestMacro);
        }
      }
    }
  }

  /** The definition `reference` resolves to, or undefined when nothing defines it. */
  find(reference: GenericTestReference): GenericTestDefinition | undefined {
    const macroName = `${TEST_MACRO_PREFIX}${reference.name}`;
    if (reference.namespace !== undefined) {
      const namespace = this.globals[reference.namespace];
      const macro = isRecord(namespace) ? namespace[macroName] : undefined;
      return typeof macro === 'function' ? { kind: 'macro', macro: macro as TestMacro } : undefined;
    }
    // like dbt: the root project's tests first, then an installed package's, then the built-ins
    const own = this.globals[macroName];
    if (typeof own === 'function')
      return { kind: 'macro', macro: own as TestMacro, file: this.macroFiles.get(macroName) };
    const packageMacro = this.packageTests.get(macroName);
    if (packageMacro) return { kind: 'macro', macro: packageMacro };
    return GENERIC_TESTS.has(reference.name) ? { kind: 'builtin' } : undefined;
  }

  /** Every generic test name a YAML entry may use: built-ins, project tests and `<package>.<test>`. */
  known(): string[] {
    const names = new Set(GENERIC_TESTS.keys());
    for (const key of Object.keys(this.globals)) {
      const value: unknown = Object.getOwnPropertyDescriptor(this.globals, key)?.value;
      if (key.startsWith(TEST_MACRO_PREFIX) && typeof value === 'function')
        names.add(key.slice(TEST_MACRO_PREFIX.length));
    }
    for (const [packageName, namespace] of this.namespaces()) {
      for (const member of Object.keys(namespace)) {
        if (member.startsWith(TEST_MACRO_PREFIX) && typeof namespace[member] === 'function') {
          names.add(`${packageName}.${member.slice(TEST_MACRO_PREFIX.length)}`);
        }
      }
    }
    return [...names].sort();
  }

  /** Raised at parse time, so a typo is reported whatever the command selects. */
  unknown(written: string, where: SourceLocation): StrataError {
    const known = this.known();
    const suggestion = closestMatch(written, known);
    const reference = splitTestName(written);
    return new StrataError(`Unknown generic test "${written}"`, {
      location: where,
      hint:
        `${suggestion ? `Did you mean "${suggestion}"? ` : ''}Known generic tests: ${known.join(', ')}. ` +
        (reference.namespace === undefined
          ? 'Define a test of your own with {% test name(model, column_name) %} ... {% endtest %} in the macro ' +
            'paths or tests/generic/, or write a singular test: a .sql file under the test paths.'
          : `Check that the package "${reference.namespace}" is installed and defines {% test ${reference.name} %}.`),
    });
  }

  /** The package namespaces: globals holding a map of macros (dbt's own comes last, as the built-ins). */
  private namespaces(): Array<[string, Record<string, unknown>]> {
    const found: Array<[string, Record<string, unknown>]> = [];
    for (const key of Object.keys(this.globals)) {
      if (key === INTERNAL_NAMESPACE || key.startsWith('__')) continue;
      // descriptors, not values: the `this` and `target` getters only work during a render
      const value: unknown = Object.getOwnPropertyDescriptor(this.globals, key)?.value;
      if (isRecord(value)) found.push([key, value]);
    }
    return found;
  }
}

/** The file of each macro of the manifest by name, for {@link GenericTestDefinitions}. */
export function macroFiles(manifest: Manifest): Map<string, string> {
  return new Map([...manifest.macros.values()].map((macro) => [macro.name, macro.origin.file]));
}

/** nunjucks keeps globals on a plain object its typings do not declare. */
function globalsOf(templates: TemplateEnvironment): Record<string, unknown> {
  return (templates.nunjucks as unknown as { globals: Record<string, unknown> }).globals;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
