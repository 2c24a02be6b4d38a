import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { withFileLock } from '../lifecycle/file-lock.js';
import { runCommand } from '../lifecycle/run-command.js';

/**
 * The Trino release behind the Athena test stack. Athena's engine v3 follows recent Trino,
 * and 476 is the newest release whose server Maven Central has here (the others there are
 * 470 and the 2021-22 releases 352-368, which predate engine v3). Its classes are built for
 * Java 24 (class file version 68; on Java 17 it exits with "Trino requires Java 22+"), so it
 * runs on the machines' Temurin 25, not on Debian's OpenJDK 17. Newer Trino splits a small
 * core server from its plugins, so only the Hive connector is fetched besides it.
 */
export const TRINO_VERSION = '476';
/** The oldest Java the release starts on. */
export const TRINO_MIN_JAVA = 24;

/** An installed Trino: where its jars and plugins are, and the Java to run it with. */
export interface TrinoInstall {
  home: string;
  /** `<home>/lib/*`, one `java -cp` argument */
  classpath: string;
  pluginDir: string;
  java: string;
}

/**
 * Installs Trino under `<cacheDir>/trino/<version>`: the core server tarball
 * (`io.trino:trino-server-core`, ~190 MB, without the ~60 connectors of the full
 * server) and the Hive connector plugin (`io.trino:trino-hive` zip, ~250 MB), fetched
 * from Maven Central with `mvn dependency:copy` (Maven's repository under the cache
 * too), unpacked into a temporary directory and renamed, so an interrupted install never
 * looks finished. A second call is a directory check.
 */
export async function ensureTrino(cacheDir: string, log: (line: string) => void): Promise<TrinoInstall> {
  const root = join(cacheDir, 'trino');
  const home = join(root, TRINO_VERSION);
  const install = { home, classpath: join(home, 'lib', '*'), pluginDir: join(home, 'plugin'), java: findJava() };
  if (existsSync(join(home, 'lib'))) return install;
  await withFileLock(join(root, 'install.lock'), async () => {
    if (existsSync(join(home, 'lib'))) return;
    const downloads = join(root, 'downloads');
    const partial = `${home}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    for (const artifact of [
      `io.trino:trino-server-core:${TRINO_VERSION}:tar.gz`,
      `io.trino:trino-hive:${TRINO_VERSION}:zip`,
    ]) {
      log(`fetching ${artifact} from Maven Central`);
      await runCommand('mvn', [
        '-q',
        '-B',
        `-Dmaven.repo.local=${join(root, 'm2')}`,
        'org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy',
        `-Dartifact=${artifact}`,
        `-DoutputDirectory=${downloads}`,
      ]);
    }
    log('unpacking Trino');
    await runCommand('tar', [
      '-xzf',
      join(downloads, `trino-server-core-${TRINO_VERSION}.tar.gz`),
      '-C',
      partial,
      '--strip-components=1',
    ]);
    // The plugin zip holds one folder, trino-hive-<version>; Trino names a plugin by its folder.
    await runCommand('python3', [
      '-m',
      'zipfile',
      '-e',
      join(downloads, `trino-hive-${TRINO_VERSION}.zip`),
      join(partial, 'plugin'),
    ]);
    renameSync(join(partial, 'plugin', `trino-hive-${TRINO_VERSION}`), join(partial, 'plugin', 'hive'));
    renameSync(partial, home);
    // Unpacked, the archives are only dead weight (~450 MB twice over).
    rmSync(downloads, { recursive: true, force: true });
    rmSync(join(root, 'm2', 'io', 'trino'), { recursive: true, force: true });
  });
  return install;
}

/**
 * A `java` of version {@link TRINO_MIN_JAVA} or newer: `$STRATA_TRINO_JAVA_HOME`, else the
 * newest JDK under /usr/lib/jvm that is recent enough (the machines have Temurin 25 there
 * beside Debian's OpenJDK 17).
 */
export function findJava(): string {
  const fromEnv = process.env.STRATA_TRINO_JAVA_HOME;
  if (fromEnv) return join(fromEnv, 'bin', 'java');
  const jvmDir = '/usr/lib/jvm';
  const candidates = existsSync(jvmDir)
    ? readdirSync(jvmDir)
        .map((name) => ({ home: join(jvmDir, name), version: javaVersion(join(jvmDir, name)) }))
        .filter((c) => c.version >= TRINO_MIN_JAVA && existsSync(join(c.home, 'bin', 'java')))
        .sort((a, b) => b.version - a.version)
    : [];
  const best = candidates[0];
  if (!best) {
    throw new Error(
      `Trino ${TRINO_VERSION} needs Java ${TRINO_MIN_JAVA} or newer and none was found under ${jvmDir}; ` +
        'install one (e.g. a Temurin 25 JDK) or set STRATA_TRINO_JAVA_HOME',
    );
  }
  return join(best.home, 'bin', 'java');
}

// A JDK's `release` file says JAVA_VERSION="25.0.3" (or "17.0.15").
function javaVersion(home: string): number {
  try {
    const match = /^JAVA_VERSION="(\d+)/m.exec(readFileSync(join(home, 'release'), 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}
