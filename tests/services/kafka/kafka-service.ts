import { Kafka, logLevel } from 'kafkajs';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../lifecycle/free-port.js';
import { ensureKafkaJars, type KafkaInstall } from './kafka-install.js';
import { spawnDetached } from '../lifecycle/processes.js';
import { runCommand } from '../lifecycle/run-command.js';
import type { ServiceDefinition, ServiceInfo } from '../lifecycle/service.js';
import { waitFor } from '../lifecycle/wait-for.js';

/** `host:port` of the broker, for kafkajs' `brokers` list. */
export function kafkaBroker(info: ServiceInfo): string {
  return String(info.details['broker']);
}

/**
 * Apache Kafka, a real broker from Maven Central jars on the machine's Java, one node in
 * KRaft combined mode (broker and controller in one process, no ZooKeeper). Each start
 * formats a fresh log directory, so topics and committed offsets never leak between runs.
 */
export const kafkaService: ServiceDefinition = {
  name: 'kafka',

  async install(cacheDir, log) {
    await ensureKafkaJars(cacheDir, log);
  },

  async start(cacheDir, port, log) {
    const kafka = await ensureKafkaJars(cacheDir, log);
    const controllerPort = await freePort();
    // The port in the path lets a stop recognise the process by its command line.
    const dataDir = join(cacheDir, 'kafka', 'data', String(port));
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    const properties = join(dataDir, 'server.properties');
    writeFileSync(properties, serverProperties(port, controllerPort, join(dataDir, 'log')));

    const clusterId = lastLine(await runJava(kafka, ['kafka.tools.StorageTool', 'random-uuid']));
    await runJava(kafka, ['kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', properties]);
    const child = spawnDetached({
      name: 'kafka',
      cacheDir,
      command: java(),
      args: [
        '-Xmx512m',
        '-Xms128m',
        `-Dlog4j.configuration=file:${kafka.brokerLog4j}`,
        '-cp',
        kafka.classpath,
        'kafka.Kafka',
        properties,
      ],
    });
    const info: ServiceInfo = {
      name: 'kafka',
      host: '127.0.0.1',
      port,
      pid: child.pid,
      details: { broker: `127.0.0.1:${port}`, controllerPort, clusterId, dataDir },
    };
    await waitFor({ service: 'kafka', ...child }, () => brokerAnswers(info), 90_000, 500);
    return info;
  },

  check: brokerAnswers,
};

/**
 * The minimal single-node KRaft settings, plus what makes tests fast and predictable:
 * no initial rebalance delay, one partition for the offsets topic (a group coordinator
 * is ready at once), and topics only when a test creates them.
 */
function serverProperties(port: number, controllerPort: number, logDir: string): string {
  return `${[
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${logDir}`,
    'num.partitions=3',
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
  ].join('\n')}\n`;
}

function java(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

function runJava(kafka: KafkaInstall, args: string[]): Promise<string> {
  return runCommand(java(), [
    '-Xmx256m',
    `-Dlog4j.configuration=file:${kafka.toolsLog4j}`,
    '-cp',
    kafka.classpath,
    ...args,
  ]);
}

function lastLine(output: string): string {
  return output.trim().split('\n').at(-1)?.trim() ?? '';
}

/**
 * Whether the broker answers a metadata request (kafkajs admin describeCluster) and has
 * a group coordinator (describeGroups creates the offsets topic on first call), so
 * consumer groups work as soon as the service counts as started.
 */
async function brokerAnswers(info: ServiceInfo): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'strata-services-check',
    brokers: [kafkaBroker(info)],
    connectionTimeout: 2_000,
    requestTimeout: 3_000,
    retry: { retries: 0 },
    // A broker still starting refuses connections; that is an answer of "not yet", not news.
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    await admin.describeGroups(['strata-services-check']);
    return cluster.brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
