import type nunjucks from 'nunjucks';
import { StrataError } from '../errors/strata-error.js';
import type { TemplateEnvironment } from './environment.js';
import { withScope, type RenderScope } from './render-scope.js';
import { tryStaticTemplate } from './static-template.js';
import { clearMacroTrail, takeMacroTrail } from './macro-trail.js';
import { toTemplateError } from './template-error.js';

/** A model, test or analysis SQL file, compiled once and rendered per scope. */
export interface SqlTemplate {
  render(scope: RenderScope): string;
}

/**
 * Compile SQL text for rendering: the static fast path when the text allows it,
 * else a nunjucks template. Syntax errors surface here, with the file and line.
 */
export function compileSqlTemplate(env: TemplateEnvironment, source: string, file: string): SqlTemplate {
  const fast = tryStaticTemplate(source);
  const template = fast ?? compileNunjucks(env, source, file);
  return {
    render(scope) {
      env.raised = undefined;
      clearMacroTrail();
      try {
        return withScope(scope, () => (fast ? fast.render(scope) : (template as nunjucks.Template).render({})));
      } catch (error) {
        throw toTemplateError(error, file, 'render', {
          raised: env.raised ?? asStrataError(error),
          callables: env.callableNames(),
          trail: takeMacroTrail(),
        });
      }
    },
  };
}

function compileNunjucks(env: TemplateEnvironment, source: string, file: string): nunjucks.Template {
  try {
    return env.compile(source, file);
  } catch (error) {
    throw toTemplateError(error, file, 'parse', { source });
  }
}

function asStrataError(error: unknown): StrataError | undefined {
  return error instanceof StrataError ? error : undefined;
}
