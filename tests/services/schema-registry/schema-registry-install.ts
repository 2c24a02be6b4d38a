import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { withFileLock } from '../lifecycle/file-lock.js';
import { runCommand } from '../lifecycle/run-command.js';

/**
 * The Apicurio Registry release. 3.0.x is the newest line whose classes run on Debian's
 * OpenJDK 17 (the 3.3 line is built for Java 21, class file version 65), and it serves
 * Confluent's Schema Registry API under `/apis/ccompat/v7`.
 */
export const APICURIO_VERSION = '3.0.9';

/** An installed registry: the runner jar to start with `java -jar`. */
export interface SchemaRegistryInstall {
  runnerJar: string;
}

/**
 * Installs Apicurio Registry under `<cacheDir>/schema-registry/<version>` from the
 * distribution Maven Central carries beside the application's jar
 * (`io.apicurio:apicurio-registry-app:<version>:tar.gz:all`, the built Quarkus runner and
 * its lib folder, ~110 MB), fetched with `mvn dependency:get` (Maven's repository under
 * the cache too), unpacked into a temporary directory and renamed, so an interrupted
 * install never looks finished. A second call is a file check.
 */
export async function ensureSchemaRegistry(
  cacheDir: string,
  log: (line: string) => void,
): Promise<SchemaRegistryInstall> {
  const root = join(cacheDir, 'schema-registry');
  const home = join(root, APICURIO_VERSION);
  const install = { runnerJar: join(home, `apicurio-registry-app-${APICURIO_VERSION}-runner.jar`) };
  if (existsSync(install.runnerJar)) return install;
  await withFileLock(join(root, 'install.lock'), async () => {
    if (existsSync(install.runnerJar)) return;
    const m2 = join(root, 'm2');
    const partial = `${home}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    const artifact = `io.apicurio:apicurio-registry-app:${APICURIO_VERSION}:tar.gz:all`;
    log(`fetching ${artifact} from Maven Central`);
    // The release's parent POM is not on Maven Central; the 2.8 plugin's `get` without
    // transitive resolution does not read the artifact's descriptor (3.x's `get` and `copy` do).
    await runCommand('mvn', [
      '-q',
      '-B',
      `-Dmaven.repo.local=${m2}`,
      'org.apache.maven.plugins:maven-dependency-plugin:2.8:get',
      `-Dartifact=${artifact}`,
      '-Dtransitive=false',
    ]);
    const fetched = join(m2, 'io', 'apicurio', 'apicurio-registry-app', APICURIO_VERSION);
    const archive = readdirSync(fetched).find((name) => name.endsWith('-all.tar.gz'));
    if (!archive) throw new Error(`Maven fetched no archive for ${artifact} into ${fetched}`);
    log('unpacking Apicurio Registry');
    await runCommand('tar', ['-xzf', join(fetched, archive), '-C', partial]);
    renameSync(partial, home);
    // Unpacked, the archive is only dead weight.
    rmSync(join(m2, 'io', 'apicurio'), { recursive: true, force: true });
  });
  return install;
}
