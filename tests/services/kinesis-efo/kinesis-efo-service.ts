import { spawnDetached } from '../lifecycle/processes.js';
import type { ServiceDefinition, ServiceInfo } from '../lifecycle/service.js';
import { waitFor } from '../lifecycle/wait-for.js';
import { ensureKinesisEfo } from './kinesis-efo-install.js';

/**
 * How long the server keeps one SubscribeToShard subscription open. AWS ends them after
 * five minutes; here after seconds, so every test that reads by enhanced fan-out also
 * goes through subscriptions ending and continuing.
 */
export const SUBSCRIPTION_MS = 4_000;

/** The endpoint a Kinesis client is given. */
export function kinesisEfoEndpoint(info: ServiceInfo): string {
  return String(info.details['endpoint']);
}

/**
 * A Kinesis server that serves enhanced fan-out (SubscribeToShard's event stream, over
 * HTTP/1.1 and cleartext HTTP/2 on one port), which moto does not: ferrokinesis
 * (crates.io) behind a small launcher (launcher/) that binds 127.0.0.1 and shortens the
 * subscription lifetime. In memory: a restart starts empty, so tests use fresh stream names.
 */
export const kinesisEfoService: ServiceDefinition = {
  name: 'kinesis-efo',

  async install(cacheDir, log) {
    await ensureKinesisEfo(cacheDir, log);
  },

  async start(cacheDir, port, log) {
    const binary = await ensureKinesisEfo(cacheDir, log);
    const child = spawnDetached({
      name: 'kinesis-efo',
      cacheDir,
      command: binary,
      // The port on the command line lets a stop recognise the process.
      args: ['--port', String(port), '--subscription-ms', String(SUBSCRIPTION_MS)],
    });
    const info: ServiceInfo = {
      name: 'kinesis-efo',
      host: '127.0.0.1',
      port,
      pid: child.pid,
      details: {
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-east-1',
        // any credentials are accepted; these keep clients' default chains off the machine's own
        accessKeyId: 'test',
        secretAccessKey: 'test',
        subscriptionMs: SUBSCRIPTION_MS,
      },
    };
    await waitFor({ service: 'kinesis-efo', ...child }, () => serverAnswers(info), 30_000, 200);
    return info;
  },

  check: serverAnswers,
};

/** Whether the server's readiness probe answers. */
async function serverAnswers(info: ServiceInfo): Promise<boolean> {
  try {
    const response = await fetch(`${kinesisEfoEndpoint(info)}/_health/ready`, { signal: AbortSignal.timeout(3_000) });
    return response.ok;
  } catch {
    return false;
  }
}
