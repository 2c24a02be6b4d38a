/**
 * The scope a model renders in under a unit test: each given input (`ref`, `source`,
 * `this`) reads as the CTE of its rows, and the test's overrides answer `var`, `env_var`
 * and `is_incremental()`. Everything else is the model's own compile scope.
 */
import type { Dialect } from '../adapters/contract.js';
import type { CompileScope } from '../compile/compile-scope.js';
import { StrataError } from '../errors/strata-error.js';
import type { DbtRenderState } from '../templating/dbt-context/render-state.js';
import type { RenderScope } from '../templating/render-scope.js';
import { TemplateRelation } from '../templating/relation.js';
import { inputCteName } from './given-input.js';
import type { UnitTestNode } from './unit-test-node.js';

export class UnitTestScope implements RenderScope {
  private readonly ctes: Set<string>;
  readonly self: unknown;

  constructor(
    private readonly base: CompileScope,
    private readonly test: UnitTestNode,
    /** the dialect the test runs on: DuckDB offline, else the unit test target's */
    readonly dialect: Dialect,
    /** `target` when the test runs on another target of the profile; else the run's */
    private readonly targetContext?: Record<string, unknown>,
  ) {
    this.ctes = new Set(test.given.map((input) => input.cteName));
    const self = inputCteName({ kind: 'this' });
    this.self = this.ctes.has(self) ? cteRelation(self) : base.self;
  }

  get file(): string {
    return this.base.file;
  }

  get target(): Record<string, unknown> {
    return this.targetContext ?? this.base.target;
  }

  get dbt(): DbtRenderState | undefined {
    return this.base.dbt;
  }

  ref(name: string, packageName?: string): unknown {
    const text = packageName === undefined ? `ref('${name}')` : `ref('${packageName}', '${name}')`;
    return this.given(inputCteName({ kind: 'ref', name }), text);
  }

  source(sourceName: string, tableName: string): unknown {
    return this.given(
      inputCteName({ kind: 'source', sourceName, tableName }),
      `source('${sourceName}', '${tableName}')`,
    );
  }

  config(): void {
    // read at parse time
  }

  variable(name: string, defaultValue?: unknown): unknown {
    const { vars } = this.test.overrides;
    return Object.hasOwn(vars, name) ? vars[name] : this.base.variable(name, defaultValue);
  }

  envVar(name: string, defaultValue?: string): string {
    const { envVars } = this.test.overrides;
    return Object.hasOwn(envVars, name) ? envVars[name]! : this.base.envVar(name, defaultValue);
  }

  /** dbt asks an incremental model's test to set it; unset, the model renders as a full refresh */
  isIncremental(): boolean {
    return this.test.overrides.macros.is_incremental === true;
  }

  private given(cte: string, text: string): TemplateRelation {
    if (this.ctes.has(cte)) return cteRelation(cte);
    // refs found at parse time are checked then; this one is built at render time
    throw new StrataError(`Unit test "${this.test.name}" does not give ${text}, read by model "${this.test.model}"`, {
      location: this.test.origin,
      hint: `Add "- input: ${text}" under "given:".`,
    });
  }
}

/** A relation object that renders as the CTE's name, so macros taking a relation still get one. */
function cteRelation(name: string): TemplateRelation {
  return new TemplateRelation({ schema: '', identifier: name }, name);
}
