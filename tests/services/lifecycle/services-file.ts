import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceInfo, ServiceName } from './service.js';

/** The running services, by name, as recorded in `<cacheDir>/services.json`. */
export type ServicesFile = Partial<Record<ServiceName, ServiceInfo>>;

/** Path of the file tests read to find the services: `<cacheDir>/services.json`. */
export function servicesFilePath(cacheDir: string): string {
  return join(cacheDir, 'services.json');
}

/** The recorded services; empty when nothing was ever started. */
export function readServicesFile(cacheDir: string): ServicesFile {
  const path = servicesFilePath(cacheDir);
  if (!existsSync(path)) return {};
  return JSON.parse(readFileSync(path, 'utf8')) as ServicesFile;
}

/**
 * Records one service (or forgets it, with `undefined`). Synchronous read-modify-write,
 * so parallel starts in one process cannot lose each other's entries; written to a
 * temporary file and renamed, so a reader never sees half a file.
 */
export function updateServicesFile(cacheDir: string, name: ServiceName, info: ServiceInfo | undefined): void {
  const services = readServicesFile(cacheDir);
  if (info) services[name] = info;
  else delete services[name];
  mkdirSync(cacheDir, { recursive: true });
  const path = servicesFilePath(cacheDir);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(services, null, 2)}\n`);
  renameSync(temporary, path);
}
