import type nunjucks from 'nunjucks';
import { StrataError } from '../errors/strata-error.js';
import type { TemplateEnvironment } from './environment.js';
import { withScope, type RenderScope } from './render-scope.js';
import { tryStaticTemplate } from './static-template.js';
import { clearMacroTrail, takeMacroTrail } from './macro-trail.js';
import { toTemplateError } from './template-error.js';

/** A model, test or analysis SQL file, compiled once and rendered per scope. */
export interface SqlTemplate {
  /** `variables` are names the template itself sees besides the globals (a run hook's `results`) */
  render(scope: RenderScope, variables?: Record<string, unknown>): string;
}

/**
 * Compile SQL text for rendering: the static fast path when the text allows it,
 * else a nunjucks template. Syntax errors surface here, with the file and line.
 * A file of an installed package (`packageName`) finds its package's macros first.
 */
export function compileSqlTemplate(
  env: TemplateEnvironment,
  source: string,
  file: string,
  packageName?: string,
): SqlTemplate {
  const fast = tryStaticTemplate(source);
  const template = fast ?? compileNunjucks(env, source, file, packageName);
  return {
    render(scope, variables = {}) {
      env.raised = undefined;
      clearMacroTrail();
      try {
        return withScope(scope, () => (fast ? fast.render(scope) : (template as nunjucks.Template).render(variables)));
      } catch (error) {
        // an introspective call waiting for its answer: RenderSession.render runs it and renders again
        throw (
          scope.dbt?.suspension ??
          toTemplateError(error, file, 'render', {
            raised: env.raised ?? asStrataError(error),
            callables: env.callableNames(),
            trail: takeMacroTrail(),
          })
        );
      }
    },
  };
}

function compileNunjucks(env: TemplateEnvironment, source: string, file: string, packageName?: string) {
  try {
    return env.compile(source, file, packageName);
  } catch (error) {
    throw toTemplateError(error, file, 'parse', { source });
  }
}

function asStrataError(error: unknown): StrataError | undefined {
  return error instanceof StrataError ? error : undefined;
}
