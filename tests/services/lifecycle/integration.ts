import { describe, inject, it } from 'vitest';
import { serviceCacheDir } from './cache-dir.js';
import { isAlive, logFileFor } from './processes.js';
import { SERVICES } from './registry.js';
import type { ServiceInfo, ServiceName } from './service.js';
import { readServicesFile } from './services-file.js';

/**
 * The connection details of a running service, read from `<cacheDir>/services.json`.
 * When it is not there: a loud warning and `undefined` (the caller skips its suite), or,
 * with `CI=true`, an error, because in CI a skipped integration suite hides a broken
 * service.
 */
export function requireService(name: ServiceName): ServiceInfo | undefined {
  const cacheDir = serviceCacheDir();
  const info = readServicesFile(cacheDir)[name];
  if (info && isAlive(info.pid)) return info;
  const message = `${name} integration tests cannot run: ${whyMissing(name, info)}.
  Start it by hand with \`npm run services -- start ${name}\` (log: ${logFileFor(cacheDir, name)}),
  or let the test run start it (STRATA_SERVICES unset, not "off").`;
  if (process.env.CI === 'true') throw new Error(message);
  const rule = '!'.repeat(78);
  console.warn(`\n${rule}\nSKIPPED: ${message}\n${rule}\n`);
  return undefined;
}

/**
 * `describe` for a suite that needs a service: `body` gets the service's details. When
 * the service is missing the suite is skipped loudly, or fails with the reason when
 * `CI=true` (see {@link requireService}).
 */
export function describeWithService(name: ServiceName, title: string, body: (service: ServiceInfo) => void): void {
  let info: ServiceInfo | undefined;
  try {
    info = requireService(name);
  } catch (error) {
    describe(title, () => {
      it(`reaches the ${name} service`, () => {
        throw error;
      });
    });
    return;
  }
  if (info) {
    const service = info;
    describe(title, () => body(service));
  } else {
    describe.skip(title, () => {
      it(`needs the ${name} service`, () => undefined);
    });
  }
}

function whyMissing(name: ServiceName, recorded: ServiceInfo | undefined): string {
  if (!SERVICES[name]) return `no ${name} service is registered in tests/services/lifecycle/registry.ts`;
  const startError = inject('strataServiceErrors')?.[name];
  if (startError) return `it failed to start: ${startError}`;
  if (recorded) return `its recorded process (PID ${recorded.pid}) is gone`;
  return 'it is not running';
}
