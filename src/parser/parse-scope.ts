import type { Dialect } from '../adapters/contract.js';
import { StrataError } from '../errors/strata-error.js';
import type { RefCall, RelationName } from '../manifest/types.js';
import type { DbtInvocation } from '../templating/dbt-context/invocation.js';
import { DbtRenderState } from '../templating/dbt-context/render-state.js';
import type { RenderScope } from '../templating/render-scope.js';
import { TemplateRelation } from '../templating/relation.js';
import type { VariableResolver } from '../templating/variables.js';
import type { ParseContext } from './parse-context.js';

/**
 * The scope of a parse-time render: `ref` and `source` record dependencies and return
 * stand-in relations, `config` records settings, `is_incremental()` is false. The
 * output SQL is discarded; compile renders again with the real relations.
 */
export class ParseScope implements RenderScope {
  readonly refs: RefCall[] = [];
  readonly sources: Array<[string, string]> = [];
  readonly configs: Array<Record<string, unknown>> = [];
  readonly self: TemplateRelation;
  /** dbt's context while parsing: `execute` is false, introspective calls answer without a query */
  readonly dbt: DbtRenderState;

  /** The parse scope of `file` (project-relative) in `ctx`'s project, rendering as `self`. */
  static forContext(ctx: ParseContext, file: string, self: RelationName): ParseScope {
    return new ParseScope(file, self, ctx.dialect, ctx.targetContext, ctx.variables, ctx.invocation);
  }

  constructor(
    readonly file: string,
    self: RelationName,
    readonly dialect: Dialect,
    readonly target: Record<string, unknown>,
    private readonly variables: VariableResolver,
    invocation: DbtInvocation,
  ) {
    this.self = TemplateRelation.of(self, dialect);
    const configValue = (key: string) => this.configs.findLast((config) => key in config)?.[key];
    this.dbt = new DbtRenderState(false, invocation, {
      // `batch` is None outside a microbatch model's batch, as in dbt
      model: () => ({
        name: self.identifier,
        original_file_path: file,
        config: Object.assign({}, ...this.configs),
        batch: null,
      }),
      configValue,
      graph: () => ({ nodes: {}, sources: {} }),
    });
  }

  ref(name: string, packageName?: string): TemplateRelation {
    if (!name) throw new StrataError('ref() needs a model or seed name', { location: { file: this.file } });
    this.refs.push(packageName === undefined ? { name } : { name, package: packageName });
    return TemplateRelation.of({ schema: String(this.target.schema ?? 'main'), identifier: name }, this.dialect);
  }

  source(sourceName: string, tableName: string): TemplateRelation {
    this.sources.push([sourceName, tableName]);
    return TemplateRelation.of({ schema: sourceName, identifier: tableName }, this.dialect);
  }

  config(values: Record<string, unknown>): void {
    this.configs.push(values);
  }

  variable(name: string, defaultValue?: unknown): unknown {
    return this.variables.resolve(name, defaultValue, this.file);
  }

  envVar(name: string, defaultValue?: string): string {
    return this.variables.envVar(name, defaultValue, this.file);
  }

  isIncremental(): boolean {
    return false;
  }
}
