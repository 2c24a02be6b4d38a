import { CompileScope } from '../compile/compile-scope.js';
import { compileNodeContext } from '../compile/dbt-node-context.js';
import type { ProjectNode, RelationName } from '../manifest/types.js';
import type { ParseContext } from '../parser/parse-context.js';
import type { ParsedProject } from '../parser/parse-project.js';
import type { IntrospectionRunner } from '../templating/dbt-context/introspection.js';
import { RenderSession } from '../templating/dbt-context/render-session.js';
import { TemplateRelation } from '../templating/relation.js';
import { compileSqlTemplate } from '../templating/sql-template.js';

/** One hook to render: its Jinja SQL and what its context holds. */
export interface HookRender {
  /** the hook's Jinja SQL, as written */
  sql: string;
  /** unique per hook of the invocation: `model.shop.orders.pre_hook.0`, `operation.shop.shop-on-run-end-0` */
  key: string;
  /** where the hook is written, for messages: the node's file or the project file */
  file: string;
  /** the package whose macros the hook sees first (a package's node or run hook) */
  packageName: string;
  /** the node the hook belongs to: its relation is `this`, and `model`/`config` are its own */
  node?: ProjectNode;
  /** `this` of a hook without a node of its own (a run hook): a name in the target schema */
  self?: RelationName;
  /** names the hook sees besides dbt's context: `results`, `schemas`... of a run hook */
  variables?: Record<string, unknown>;
}

/**
 * Render a hook at run time with dbt's context (`this`, `target`, `execute` true, `run_query`,
 * `log`...), answering its introspective calls with `run`, as dbt renders hooks just before
 * running them.
 */
export function renderHook(parsed: ParsedProject, hook: HookRender, run: IntrospectionRunner): Promise<string> {
  const context = parsed.packageContexts?.get(hook.packageName) ?? parsed.context;
  const ownPackage = hook.packageName === parsed.context.project.name ? undefined : hook.packageName;
  const template = compileSqlTemplate(context.templates, hook.sql, hook.file, ownPackage);
  const relation = hook.node && 'relation' in hook.node ? hook.node.relation : hook.self;
  const self = TemplateRelation.of(
    relation ?? { schema: context.target.schema, identifier: hook.key.split('.').pop()! },
    context.dialect,
  );
  const session = new RenderSession(context.invocation, run);
  return session.render(hook.file, () => {
    const node = compileNodeContext(parsed.manifest, context.dialect, context.target, hook.node);
    const state = session.stateFor(hook.key, hook.file, node);
    const sql = template.render(new HookScope(context, parsed.manifest, hook.file, self, false, state), hook.variables);
    session.complete(hook.key, state);
    return sql;
  });
}

/**
 * A hook's render scope: a model's compile scope, but `env_var()` may read secret variables
 * (a hook may need a credential, as in dbt); what it renders reaches artifacts and the
 * terminal only masked.
 */
class HookScope extends CompileScope {
  constructor(
    private readonly context: ParseContext,
    ...rest: ConstructorParameters<typeof CompileScope> extends [ParseContext, ...infer R] ? R : never
  ) {
    super(context, ...rest);
  }

  override envVar(name: string, defaultValue?: string): string {
    return this.context.variables.envVar(name, defaultValue, this.file, 'hook');
  }
}
