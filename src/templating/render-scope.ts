import type { Dialect } from '../adapters/contract.js';
import type { DbtRenderState } from './dbt-context/render-state.js';

/**
 * What a template can see while it renders. Nunjucks renders synchronously, so the
 * environment's globals delegate to the one active scope; macros (which keep the
 * context of the file they were defined in) therefore see the same `ref`, `this`...
 * as the model that called them.
 */
export interface RenderScope {
  /** project-relative file being rendered, for error messages */
  file: string;
  ref(name: string, packageName?: string): unknown;
  source(sourceName: string, tableName: string): unknown;
  /** `feed_rows()` where it narrows (a compile); elsewhere it reads as `ref` */
  feedRows?(name: string, columns: { partition: string; offset: string }): unknown;
  config(values: Record<string, unknown>): void;
  variable(name: string, defaultValue?: unknown): unknown;
  envVar(name: string, defaultValue?: string): string;
  isIncremental(): boolean;
  readonly self: unknown;
  readonly target: Record<string, unknown>;
  /** the target's dialect: renders relations and the cross-database macros */
  readonly dialect: Dialect;
  /** dbt's context of this render (`execute`, the node, introspective calls); absent: parsing, nothing known */
  readonly dbt?: DbtRenderState;
}

let active: RenderScope | undefined;

/** Run `render` with `scope` active; scopes never nest (a render is synchronous). */
export function withScope<T>(scope: RenderScope, render: () => T): T {
  const previous = active;
  active = scope;
  try {
    return render();
  } finally {
    active = previous;
  }
}

/** The scope of the render under way, if any (macro files are loaded outside any render). */
export function currentScope(): RenderScope | undefined {
  return active;
}

export function activeScope(): RenderScope {
  if (!active) throw new Error('template function called outside of a render');
  return active;
}
