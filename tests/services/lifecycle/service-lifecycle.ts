import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { withFileLock } from './file-lock.js';
import { freePort } from './free-port.js';
import { stopProcess } from './processes.js';
import { serviceDefinition } from './registry.js';
import type { ServiceInfo, ServiceName } from './service.js';
import { readServicesFile, updateServicesFile } from './services-file.js';

/** How starting one service went: running (newly or already), or why not. */
export type StartOutcome =
  | { name: ServiceName; state: 'started' | 'reused'; info: ServiceInfo }
  | { name: ServiceName; state: 'failed'; error: string };

/** How one service is doing, according to the services file and a live check. */
export type ServiceStatus =
  | { name: ServiceName; state: 'running'; info: ServiceInfo }
  | { name: ServiceName; state: 'not answering'; info: ServiceInfo }
  | { name: ServiceName; state: 'stopped' };

/** Where progress lines go, already prefixed with the service name. */
export type Log = (line: string) => void;

/**
 * Starts services in parallel (installs included: warm, a start costs the slowest
 * service, not the sum) and records each in the services file. Idempotent: a recorded
 * service that still answers is reused; one that does not is stopped by its PID and
 * started afresh. One service failing does not stop the others; its outcome says why.
 */
export async function startServices(
  names: readonly ServiceName[],
  cacheDir: string,
  log: Log,
): Promise<StartOutcome[]> {
  return withFileLock(lockFile(cacheDir), () => {
    // A service waits for the ones it depends on (started too, even when not named).
    const starts = new Map<ServiceName, Promise<StartOutcome>>();
    const start = (name: ServiceName): Promise<StartOutcome> => {
      let started = starts.get(name);
      if (!started) {
        const needs = serviceDefinition(name).dependsOn ?? [];
        started = Promise.all(needs.map(start)).then((dependencies) => startOne(name, cacheDir, log, dependencies));
        starts.set(name, started);
      }
      return started;
    };
    return Promise.all(names.map(start));
  });
}

async function startOne(
  name: ServiceName,
  cacheDir: string,
  log: Log,
  dependencies: StartOutcome[],
): Promise<StartOutcome> {
  const definition = serviceDefinition(name);
  const say = (line: string) => log(`[${name}] ${line}`);
  const failed = dependencies.find((d) => d.state === 'failed');
  if (failed) return { name, state: 'failed', error: `it needs ${failed.name}, which failed to start` };
  const running = Object.fromEntries(dependencies.map((d) => [d.name, d.state === 'failed' ? undefined : d.info]));
  try {
    const recorded = readServicesFile(cacheDir)[name];
    if (recorded && (await definition.check(recorded))) return { name, state: 'reused', info: recorded };
    if (recorded) {
      say(`recorded PID ${recorded.pid} does not answer: ${await stopRecorded(recorded)}`);
      updateServicesFile(cacheDir, name, undefined);
    }
    const begun = Date.now();
    await definition.install(cacheDir, say);
    const info = await definition.start(cacheDir, await freePort(), say, running);
    updateServicesFile(cacheDir, name, info);
    say(`started on 127.0.0.1:${info.port}, PID ${info.pid} (${((Date.now() - begun) / 1000).toFixed(1)}s)`);
    return { name, state: 'started', info };
  } catch (error) {
    return { name, state: 'failed', error: (error as Error).message };
  }
}

/**
 * Stops recorded services by their recorded PIDs and nothing else, removes their
 * throwaway data directories (`details.dataDir`), and forgets them. Returns one line
 * per service saying what happened.
 */
export async function stopServices(names: readonly ServiceName[], cacheDir: string): Promise<string[]> {
  return withFileLock(lockFile(cacheDir), () =>
    Promise.all(
      names.map(async (name) => {
        const recorded = readServicesFile(cacheDir)[name];
        if (!recorded) return `${name}: not recorded`;
        const outcome = await stopRecorded(recorded);
        updateServicesFile(cacheDir, name, undefined);
        return `${name}: ${outcome}`;
      }),
    ),
  );
}

/** The recorded state of services, each checked live. */
export async function serviceStatus(names: readonly ServiceName[], cacheDir: string): Promise<ServiceStatus[]> {
  const recorded = readServicesFile(cacheDir);
  return Promise.all(
    names.map(async (name): Promise<ServiceStatus> => {
      const info = recorded[name];
      if (!info) return { name, state: 'stopped' };
      return (await serviceDefinition(name).check(info))
        ? { name, state: 'running', info }
        : { name, state: 'not answering', info };
    }),
  );
}

async function stopRecorded(info: ServiceInfo): Promise<string> {
  // Every service puts its port on its command line, which tells a reused PID apart.
  const outcome = await stopProcess(info.pid, String(info.port));
  if (outcome === 'not ours') return `PID ${info.pid} now belongs to another program; left alone`;
  const dataDir = info.details['dataDir'];
  if (typeof dataDir === 'string') rmSync(dataDir, { recursive: true, force: true });
  return `${outcome} (PID ${info.pid})`;
}

function lockFile(cacheDir: string): string {
  return join(cacheDir, 'services.lock');
}
