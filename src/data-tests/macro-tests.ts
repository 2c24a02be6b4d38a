/**
 * The failing-rows query of a generic test defined by a `{% test %}` block (the project's,
 * or a package's): the block's macro called with `model`, `column_name` and the YAML
 * arguments, as dbt calls it. Like dbt, an argument that reads as a call of `ref`,
 * `source`, `var`, `env_var` or `doc` (`to: ref('customers')`) is rendered first, and so
 * is one holding Jinja; `column_name` is passed as written.
 */
import { StrataError } from '../errors/strata-error.js';
import type { TemplateEnvironment } from '../templating/environment.js';
import { withScope, type RenderScope } from '../templating/render-scope.js';
import { withTestContext } from '../templating/test-context.js';
import { compileSqlTemplate } from '../templating/sql-template.js';
import { toTemplateError } from '../templating/template-error.js';
import type { TestMacro } from './test-definitions.js';

const LOOKS_LIKE_CALL = /^\s*(env_var|ref|var|source|doc)\s*\(.+\)\s*$/s;
const HOLDS_JINJA = /\{\{|\{%/;
const QUOTED = String.raw`\s*['"]([^'"]+)['"]\s*`;
const REF_CALL = new RegExp(String.raw`^\s*ref\(${QUOTED}(?:,${QUOTED})?\)\s*$`);
const SOURCE_CALL = new RegExp(String.raw`^\s*source\(${QUOTED},${QUOTED}\)\s*$`);

/**
 * `ref('x')` / `source('a', 'b')` as an argument is the relation itself, as dbt's native
 * rendering gives it, so a test can introspect it (`adapter.get_columns_in_relation(compare_model)`).
 */
function relationArgument(scope: RenderScope, value: string): unknown {
  const ref = REF_CALL.exec(value);
  if (ref) return ref[2] === undefined ? scope.ref(ref[1]!) : scope.ref(ref[2], ref[1]);
  const source = SOURCE_CALL.exec(value);
  return source ? scope.source(source[1]!, source[2]!) : undefined;
}

/** What {@link macroTestSql} renders. */
export interface MacroTestInput {
  templates: TemplateEnvironment;
  macro: TestMacro;
  /** the compile scope: `ref`, `source`, `this`... inside the macro resolve through it */
  scope: RenderScope;
  /** the tested relation, or its `where` subquery */
  model: unknown;
  /** the test's YAML arguments and `column_name` (dbt's `model` kwarg is replaced by `model`) */
  kwargs: Record<string, unknown>;
  /** the file defining the macro, where a render error points */
  macroFile: string;
  /** the test stores its failing rows (`should_store_failures()`) */
  storeFailures?: boolean;
}

/** Render a `{% test %}` macro into the query selecting the failing rows. */
export function macroTestSql(input: MacroTestInput): string {
  const { templates, scope } = input;
  const keywords: Record<string, unknown> = { __keywords: true };
  for (const [key, value] of Object.entries(input.kwargs)) {
    if (key === 'model') continue;
    keywords[key] = key === 'column_name' ? value : renderArgument(templates, scope, value);
  }
  keywords.model = input.model;
  templates.raised = undefined;
  try {
    const context = { storeFailures: input.storeFailures === true };
    return String(withTestContext(context, () => withScope(scope, () => input.macro(keywords))) ?? '');
  } catch (error) {
    // an introspective call waiting for its answer: the render session runs it and renders again
    throw (
      scope.dbt?.suspension ??
      toTemplateError(error, input.macroFile, 'render', {
        raised: templates.raised ?? (error instanceof StrataError ? error : undefined),
        callables: templates.callableNames(),
      })
    );
  }
}

/** dbt renders each string argument (lists and maps item by item) before the test sees it. */
function renderArgument(templates: TemplateEnvironment, scope: RenderScope, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => renderArgument(templates, scope, item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, renderArgument(templates, scope, item)]),
    );
  }
  if (typeof value !== 'string') return value;
  const relation = relationArgument(scope, value);
  if (relation !== undefined) return relation;
  const text = LOOKS_LIKE_CALL.test(value) ? `{{ ${value} }}` : HOLDS_JINJA.test(value) ? value : undefined;
  return text === undefined ? value : compileSqlTemplate(templates, text, scope.file).render(scope);
}
