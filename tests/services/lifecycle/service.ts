/**
 * The real services integration tests run against, started by the project itself on
 * 127.0.0.1 (no Docker on these machines). Each service is a definition: install
 * (idempotent, cached), start on a chosen free port, check. Stopping uses the PID the
 * start recorded, nothing else.
 */

/** Connection details of a running service, recorded in the services file tests read. */
export interface ServiceInfo {
  name: ServiceName;
  host: '127.0.0.1';
  port: number;
  /** the process to stop */
  pid: number;
  /** anything else a client needs (e.g. a second port, a user, a database, a data dir) */
  details: Record<string, string | number>;
}

export type ServiceName = 'kafka' | 'aws' | 'postgres' | 'snowflake' | 'trino' | 'schema-registry' | 'kinesis-efo';

export interface ServiceDefinition {
  name: ServiceName;
  /** services that must be running before this one starts (their details reach `start`) */
  dependsOn?: readonly ServiceName[];
  /** Install what the service needs under `cacheDir` (~/.cache/strata); fast when already there. */
  install(cacheDir: string, log: (line: string) => void): Promise<void>;
  /** Start it on `port` (and more free ports if it needs them); resolve once it answers. */
  start(
    cacheDir: string,
    port: number,
    log: (line: string) => void,
    dependencies?: Partial<Record<ServiceName, ServiceInfo>>,
  ): Promise<ServiceInfo>;
  /** Whether a recorded service still answers. */
  check(info: ServiceInfo): Promise<boolean>;
}
