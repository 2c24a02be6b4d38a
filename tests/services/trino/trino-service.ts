import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceCacheDir } from '../lifecycle/cache-dir.js';
import { spawnDetached } from '../lifecycle/processes.js';
import type { ServiceDefinition, ServiceInfo } from '../lifecycle/service.js';
import { readServicesFile } from '../lifecycle/services-file.js';
import { ensureTrino, type TrinoInstall } from './trino-install.js';
import { waitFor } from '../lifecycle/wait-for.js';

/** The catalog the Hive connector is mounted as: Athena's `AwsDataCatalog` maps onto it. */
export const TRINO_CATALOG = 'hive';

/**
 * Trino (Athena engine v3's engine) with its Hive connector on the `aws` service: the
 * Glue metastore and S3 at moto's endpoint (path-style). One coordinator that also works,
 * on 127.0.0.1, a throwaway data directory per start. Cold start ~20-30 s on 2 cores.
 */
export const trinoService: ServiceDefinition = {
  name: 'trino',
  dependsOn: ['aws'],

  async install(cacheDir, log) {
    await ensureTrino(cacheDir, log);
  },

  async start(cacheDir, port, log, dependencies) {
    const aws = dependencies?.aws;
    if (!aws) throw new Error('trino needs the aws service (S3 and Glue), which is not running');
    const install = await ensureTrino(cacheDir, log);
    const dataDir = join(cacheDir, 'trino', 'runs', String(port));
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(join(dataDir, 'catalog'), { recursive: true });
    writeFileSync(join(dataDir, 'config.properties'), serverConfig(port, dataDir, install));
    writeFileSync(join(dataDir, 'catalog', `${TRINO_CATALOG}.properties`), hiveCatalog(aws));
    const child = spawnDetached({
      name: 'trino',
      cacheDir,
      command: install.java,
      args: [
        '-Xmx3G',
        '-XX:+UseG1GC',
        '-XX:+ExitOnOutOfMemoryError',
        '-Djdk.attach.allowAttachSelf=true',
        '-Dnode.environment=strata',
        `-Dnode.id=strata-${port}`,
        `-Dnode.data-dir=${join(dataDir, 'data')}`,
        `-Dconfig=${join(dataDir, 'config.properties')}`,
        '-cp',
        install.classpath,
        'io.trino.server.TrinoServer',
      ],
      cwd: dataDir,
    });
    const info: ServiceInfo = {
      name: 'trino',
      host: '127.0.0.1',
      port,
      pid: child.pid,
      details: {
        endpoint: `http://127.0.0.1:${port}`,
        catalog: TRINO_CATALOG,
        awsEndpoint: String(aws.details['endpoint']),
        dataDir,
      },
    };
    await waitFor({ service: 'trino', ...child }, () => trinoAnswers(info), 180_000, 500);
    return info;
  },

  // A Trino whose moto has since restarted (a new port, empty) would point at nothing.
  async check(info) {
    const aws = readServicesFile(serviceCacheDir()).aws;
    return aws?.details['endpoint'] === info.details['awsEndpoint'] && (await trinoAnswers(info));
  },
};

/** Whether the coordinator has finished starting (`GET /v1/info`: `starting: false`). */
async function trinoAnswers(info: ServiceInfo): Promise<boolean> {
  try {
    const response = await fetch(`${String(info.details['endpoint'])}/v1/info`, { signal: AbortSignal.timeout(3_000) });
    if (!response.ok) return false;
    const body = (await response.json()) as { starting?: boolean };
    return body.starting === false;
  } catch {
    return false;
  }
}

function serverConfig(port: number, dataDir: string, install: TrinoInstall): string {
  return `coordinator=true
node-scheduler.include-coordinator=true
http-server.http.port=${port}
discovery.uri=http://127.0.0.1:${port}
query.max-memory=1GB
query.max-memory-per-node=1GB
catalog.config-dir=${join(dataDir, 'catalog')}
plugin.dir=${install.pluginDir}
`;
}

// External tables (every Athena table has an S3 location) are written by INSERT too, as
// on Athena. Statistics stay off: moto keeps none (see moto-glue-statistics.ts).
function hiveCatalog(aws: ServiceInfo): string {
  const endpoint = String(aws.details['endpoint']);
  const region = String(aws.details['region']);
  const key = String(aws.details['accessKeyId']);
  const secret = String(aws.details['secretAccessKey']);
  return `connector.name=hive
hive.metastore=glue
hive.metastore.glue.region=${region}
hive.metastore.glue.endpoint-url=${endpoint}
hive.metastore.glue.aws-access-key=${key}
hive.metastore.glue.aws-secret-key=${secret}
hive.non-managed-table-writes-enabled=true
hive.collect-column-statistics-on-write=false
hive.table-statistics-enabled=false
fs.native-s3.enabled=true
s3.endpoint=${endpoint}
s3.region=${region}
s3.path-style-access=true
s3.aws-access-key=${key}
s3.aws-secret-key=${secret}
`;
}
