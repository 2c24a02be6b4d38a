import { join } from 'node:path';
import { spawnDetached } from '../lifecycle/processes.js';
import type { ServiceDefinition, ServiceInfo } from '../lifecycle/service.js';
import { waitFor } from '../lifecycle/wait-for.js';
import { ensureSchemaRegistry } from './schema-registry-install.js';

/** The base URL of Confluent's Schema Registry API the service serves (what a client is given). */
export function schemaRegistryUrl(info: ServiceInfo): string {
  return String(info.details['url']);
}

/**
 * A real Schema Registry: Apicurio Registry (Maven Central) on the machine's Java 17, its
 * Confluent-compatible API at `/apis/ccompat/v7`. Storage is the in-memory H2 database of
 * its default settings, so a restart starts empty and tests use their own subject names.
 */
export const schemaRegistryService: ServiceDefinition = {
  name: 'schema-registry',

  async install(cacheDir, log) {
    await ensureSchemaRegistry(cacheDir, log);
  },

  async start(cacheDir, port, log) {
    const registry = await ensureSchemaRegistry(cacheDir, log);
    const child = spawnDetached({
      name: 'schema-registry',
      cacheDir,
      command: process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java',
      args: [
        '-Xmx384m',
        '-Xms64m',
        // The port on the command line lets a stop recognise the process.
        '-Dquarkus.http.host=127.0.0.1',
        `-Dquarkus.http.port=${port}`,
        // Its management interface (health, metrics) stays on the same port.
        '-Dquarkus.management.enabled=false',
        '-jar',
        registry.runnerJar,
      ],
    });
    const info: ServiceInfo = {
      name: 'schema-registry',
      host: '127.0.0.1',
      port,
      pid: child.pid,
      details: { url: `http://127.0.0.1:${port}/apis/ccompat/v7` },
    };
    await waitFor({ service: 'schema-registry', ...child }, () => registryAnswers(info), 120_000, 500);
    return info;
  },

  check: registryAnswers,
};

/** Whether the Confluent API answers a subject listing. */
async function registryAnswers(info: ServiceInfo): Promise<boolean> {
  try {
    const response = await fetch(`${schemaRegistryUrl(info)}/subjects`, { signal: AbortSignal.timeout(3_000) });
    return response.ok;
  } catch {
    return false;
  }
}
