import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { GLUE_STATISTICS_LAUNCHER, writeMotoLauncher } from './moto-glue-statistics.js';
import { spawnDetached } from '../lifecycle/processes.js';
import { ensurePythonPackages } from '../lifecycle/python-venv.js';
import type { ServiceDefinition, ServiceInfo } from '../lifecycle/service.js';
import { waitFor } from '../lifecycle/wait-for.js';

/** moto's server, pinned so every machine tests against the same S3 and Glue behaviour. */
export const MOTO_REQUIREMENT = 'moto[server]==5.2.5';

/** Settings every AWS SDK v3 client needs to talk to the local endpoint. */
export function awsClientConfig(info: ServiceInfo) {
  return {
    endpoint: String(info.details['endpoint']),
    region: String(info.details['region']),
    credentials: {
      accessKeyId: String(info.details['accessKeyId']),
      secretAccessKey: String(info.details['secretAccessKey']),
    },
    // moto serves buckets under the path, not as virtual hosts of a real domain.
    forcePathStyle: true,
  };
}

/**
 * S3 and the Glue catalog: moto's server (PyPI `moto[server]`) in the shared virtualenv.
 * State is in memory: a restart starts empty, so tests use their own bucket and
 * database names instead of relying on a clean server.
 */
export const awsService: ServiceDefinition = {
  name: 'aws',

  async install(cacheDir, log) {
    await ensurePythonPackages(cacheDir, [MOTO_REQUIREMENT], log);
  },

  async start(cacheDir, port, log) {
    const bin = await ensurePythonPackages(cacheDir, [MOTO_REQUIREMENT], log);
    const child = spawnDetached({
      name: 'aws',
      cacheDir,
      // moto's server with Glue's column statistics calls added (Trino makes them)
      command: join(bin, 'python'),
      args: [writeMotoLauncher(cacheDir), '-H', '127.0.0.1', '-p', String(port)],
    });
    const info: ServiceInfo = {
      name: 'aws',
      host: '127.0.0.1',
      port,
      pid: child.pid,
      details: {
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-east-1',
        accessKeyId: 'test',
        secretAccessKey: 'test',
        glueColumnStatistics: GLUE_STATISTICS_LAUNCHER,
      },
    };
    await waitFor({ service: 'aws', ...child }, () => s3Answers(info), 30_000);
    return info;
  },

  // A moto started before the launcher existed lacks what Trino needs: it is restarted.
  check: async (info) => info.details['glueColumnStatistics'] === GLUE_STATISTICS_LAUNCHER && (await s3Answers(info)),
};

/** Whether S3 answers ListBuckets at the recorded endpoint. */
async function s3Answers(info: ServiceInfo): Promise<boolean> {
  const s3 = new S3Client({ ...awsClientConfig(info), maxAttempts: 1 });
  try {
    await s3.send(new ListBucketsCommand({}), { abortSignal: AbortSignal.timeout(3_000) });
    return true;
  } catch {
    return false;
  } finally {
    s3.destroy();
  }
}
