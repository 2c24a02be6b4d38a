import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withFileLock } from '../lifecycle/file-lock.js';
import { runCommand } from '../lifecycle/run-command.js';

/** The broker release: the 3.9 line runs on Java 17 and is what kafkajs 2.2 is known to work with. */
export const KAFKA_VERSION = '3.9.2';

/**
 * Kafka 3.9 logs through the SLF4J 1.7 API and configures log4j 1.x itself (its
 * Log4jController); the distribution ships slf4j-reload4j, which brings reload4j (the
 * maintained log4j 1.2). Without a binding the broker runs but logs nothing.
 */
const SLF4J_BINDING = { groupId: 'org.slf4j', artifactId: 'slf4j-reload4j', version: '1.7.36' };

/** Where one Kafka release's files live, made by {@link ensureKafkaJars}. */
export interface KafkaInstall {
  /** the runtime classpath as one `java -cp` argument (`<lib>/*`) */
  classpath: string;
  /** log4j settings for the broker: INFO to stdout, which is the service log */
  brokerLog4j: string;
  /** log4j settings for one-shot tools: warnings only */
  toolsLog4j: string;
}

/**
 * Resolves the broker's runtime classpath from Maven Central into
 * `<cacheDir>/kafka/<version>/lib` with a tiny pom and `mvn dependency:copy-dependencies`
 * (Maven's own repository kept under the cache too, so clearing the cache really is a
 * cold start). Copied to a temporary directory and renamed, so an interrupted install
 * never looks finished; a second call is a directory check.
 */
export async function ensureKafkaJars(cacheDir: string, log: (line: string) => void): Promise<KafkaInstall> {
  const home = join(cacheDir, 'kafka', KAFKA_VERSION);
  const lib = join(home, 'lib');
  const install: KafkaInstall = {
    classpath: join(lib, '*'),
    brokerLog4j: join(home, 'log4j.properties'),
    toolsLog4j: join(home, 'tools-log4j.properties'),
  };
  if (existsSync(lib)) return install;
  await withFileLock(join(cacheDir, 'kafka', 'install.lock'), async () => {
    if (existsSync(lib)) return;
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, 'pom.xml'), pom());
    writeFileSync(install.brokerLog4j, log4j('INFO', 'System.out'));
    writeFileSync(install.toolsLog4j, log4j('WARN', 'System.err'));
    log(`resolving org.apache.kafka:kafka_2.13:${KAFKA_VERSION} from Maven Central`);
    const partial = join(home, 'lib.partial');
    rmSync(partial, { recursive: true, force: true });
    await runCommand(
      'mvn',
      [
        '-q',
        '-B',
        `-Dmaven.repo.local=${join(cacheDir, 'kafka', 'm2')}`,
        'dependency:copy-dependencies',
        '-DincludeScope=runtime',
        `-DoutputDirectory=${partial}`,
      ],
      { cwd: home },
    );
    renameSync(partial, lib);
  });
  return install;
}

function pom(): string {
  const dependency = (groupId: string, artifactId: string, version: string) =>
    `    <dependency><groupId>${groupId}</groupId>` +
    `<artifactId>${artifactId}</artifactId><version>${version}</version></dependency>`;
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>strata.services</groupId>
  <artifactId>kafka-broker</artifactId>
  <version>${KAFKA_VERSION}</version>
  <packaging>pom</packaging>
  <dependencies>
${dependency('org.apache.kafka', 'kafka_2.13', KAFKA_VERSION)}
${dependency(SLF4J_BINDING.groupId, SLF4J_BINDING.artifactId, SLF4J_BINDING.version)}
  </dependencies>
</project>
`;
}

function log4j(level: 'INFO' | 'WARN', target: 'System.out' | 'System.err'): string {
  return `log4j.rootLogger=${level}, console
log4j.appender.console=org.apache.log4j.ConsoleAppender
log4j.appender.console.Target=${target}
log4j.appender.console.layout=org.apache.log4j.PatternLayout
log4j.appender.console.layout.ConversionPattern=[%d] %p %m (%c)%n
`;
}
