/**
 * `overrides: macros:` of a unit test: while the model renders, each named macro (or
 * context value such as `invocation_id`) returns the value the test gives. A package's
 * macro is named with its package, `dbt_utils.star`. Renders are synchronous and the
 * previous definitions come back when the render ends, so no other node sees an override.
 */
import type { TemplateEnvironment } from '../templating/environment.js';

type Holder = Record<string, unknown>;

/** Run `render` with the macros of `overrides` replaced in `env`. */
export function withMacroOverrides<T>(
  env: TemplateEnvironment,
  overrides: Record<string, unknown>,
  render: () => T,
): T {
  const globals = (env.nunjucks as unknown as { globals: Holder }).globals;
  const restore: Array<() => void> = [];
  try {
    for (const [name, value] of Object.entries(overrides)) {
      const dot = name.indexOf('.');
      const holder = dot < 0 ? globals : (globals[name.slice(0, dot)] as Holder | undefined);
      if (holder === undefined || holder === null || typeof holder !== 'object') continue;
      const key = dot < 0 ? name : name.slice(dot + 1);
      // a context value may be a getter (`invocation_id`), read only during a render: keep its descriptor
      const saved = Object.getOwnPropertyDescriptor(holder, key);
      if (saved && !saved.configurable) continue;
      // a macro becomes a function returning the value; a context value becomes the value
      const isMacro = saved === undefined || typeof saved.value === 'function';
      Object.defineProperty(holder, key, {
        value: isMacro ? () => value : value,
        configurable: true,
        writable: true,
        enumerable: saved?.enumerable ?? true,
      });
      restore.push(() => {
        if (saved) Object.defineProperty(holder, key, saved);
        else delete holder[key];
      });
    }
    return render();
  } finally {
    for (const undo of restore.reverse()) undo();
  }
}
