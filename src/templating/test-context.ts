/**
 * What dbt's context offers a generic test while it renders: `should_store_failures()`,
 * true when the test stores its failing rows (then tests select whole rows, for inspection).
 * Set by the one test render under way (renders are synchronous).
 */

/** The test being rendered. */
export interface TestRenderContext {
  storeFailures: boolean;
}

let current: TestRenderContext | undefined;

/** Run `render` with `context` as the test under way. */
export function withTestContext<T>(context: TestRenderContext, render: () => T): T {
  const previous = current;
  current = context;
  try {
    return render();
  } finally {
    current = previous;
  }
}

/** The functions of dbt's test context, as template globals (false outside a test, as in dbt). */
export const TEST_CONTEXT_GLOBALS: Record<string, (...args: unknown[]) => unknown> = {
  should_store_failures: () => current?.storeFailures ?? false,
};
