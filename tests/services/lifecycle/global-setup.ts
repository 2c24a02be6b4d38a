import type { TestProject } from 'vitest/node';
import { serviceCacheDir } from './cache-dir.js';
import { registeredServiceNames } from './registry.js';
import type { ServiceName } from './service.js';
import { startServices, stopServices } from './service-lifecycle.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** why a service could not start, by name, for the skip message of its suites */
    strataServiceErrors: Partial<Record<ServiceName, string>>;
  }
}

/**
 * Vitest global setup of the `services` project (tests/integration/<service>/): runs
 * only when such a suite is in the run. Starts every registered service in parallel
 * (reusing ones already running, e.g. started by hand) and, at teardown, stops only
 * the ones it started. `STRATA_SERVICES=off` skips all of it.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.STRATA_SERVICES === 'off') {
    console.warn('[services] STRATA_SERVICES=off: not starting services; suites use whatever services.json lists');
    return undefined;
  }
  const cacheDir = serviceCacheDir();
  const outcomes = await startServices(registeredServiceNames(), cacheDir, (line) => console.log(line));
  const errors: Partial<Record<ServiceName, string>> = {};
  for (const outcome of outcomes) {
    if (outcome.state !== 'failed') continue;
    errors[outcome.name] = outcome.error;
    console.error(`\n[services] ${outcome.name} FAILED TO START: ${outcome.error}\n`);
  }
  project.provide('strataServiceErrors', errors);
  const started = outcomes.filter((outcome) => outcome.state === 'started').map((outcome) => outcome.name);
  return async () => {
    if (started.length === 0) return;
    for (const line of await stopServices(started, cacheDir)) console.log(`[services] ${line}`);
  };
}
