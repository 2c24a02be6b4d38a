/**
 * Starts, stops and reports the integration-test services by hand:
 *
 *   npm run services -- start [name...]    # install if needed, start, record
 *   npm run services -- status [name...]
 *   npm run services -- stop [name...]     # by the recorded PIDs only
 *
 * Without names: every registered service. Connection details go to
 * `<cacheDir>/services.json`, output to `<cacheDir>/logs/<name>.log`.
 */
import { serviceCacheDir } from './cache-dir.js';
import { logFileFor } from './processes.js';
import { registeredServiceNames, serviceDefinition } from './registry.js';
import type { ServiceInfo, ServiceName } from './service.js';
import { serviceStatus, startServices, stopServices } from './service-lifecycle.js';
import { servicesFilePath } from './services-file.js';

const USAGE = `usage: npm run services -- start|stop|status [${registeredServiceNames().join('|')} ...]`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  let names: ServiceName[];
  try {
    names = rest.length ? rest.map((name) => serviceDefinition(name).name) : registeredServiceNames();
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const cacheDir = serviceCacheDir();
  const describe = (info: ServiceInfo) =>
    `127.0.0.1:${info.port}  PID ${info.pid}  ${JSON.stringify(info.details)}  log ${logFileFor(cacheDir, info.name)}`;

  switch (command) {
    case 'start': {
      const outcomes = await startServices(names, cacheDir, (line) => console.log(line));
      for (const outcome of outcomes) {
        console.log(
          outcome.state === 'failed'
            ? `${outcome.name}: FAILED ${outcome.error}`
            : `${outcome.name}: ${outcome.state}  ${describe(outcome.info)}`,
        );
      }
      console.log(`details: ${servicesFilePath(cacheDir)}`);
      return outcomes.some((outcome) => outcome.state === 'failed') ? 1 : 0;
    }
    case 'stop':
      for (const line of await stopServices(names, cacheDir)) console.log(line);
      return 0;
    case 'status': {
      const statuses = await serviceStatus(names, cacheDir);
      for (const status of statuses)
        console.log(`${status.name}: ${status.state}${'info' in status ? `  ${describe(status.info)}` : ''}`);
      return statuses.every((status) => status.state === 'running') ? 0 : 1;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
