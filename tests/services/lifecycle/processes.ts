import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Where a service's stdout and stderr go: `<cacheDir>/logs/<name>.log`. */
export function logFileFor(cacheDir: string, name: string): string {
  return join(cacheDir, 'logs', `${name}.log`);
}

/**
 * Opens a service's log file for a fresh start (truncated, so it holds only this run's
 * output, headed by the command) and returns the descriptor to hand to a child.
 */
export function openLogFile(logFile: string, command: string, args: readonly string[]): number {
  mkdirSync(dirname(logFile), { recursive: true });
  const fd = openSync(logFile, 'w');
  writeSync(fd, `# ${new Date().toISOString()} ${[command, ...args].join(' ')}\n`);
  return fd;
}

/** A long-running process started by {@link spawnDetached}. */
export interface DetachedProcess {
  pid: number;
  logFile: string;
  /** A description of how it ended if it already has (so a wait can stop early), else undefined. */
  exited(): string | undefined;
}

/** What to run in the background, and where. */
export interface SpawnOptions {
  /** names the log file */
  name: string;
  cacheDir: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts a service process detached (its own session, so a Ctrl-C of the test run does
 * not reach it and it can outlive the run that started it), output to its log file.
 * The caller records the PID: it is the only handle used to stop it.
 */
export function spawnDetached(options: SpawnOptions): DetachedProcess {
  const { child, logFile } = launch(options);
  let ended: string | undefined;
  child.once('error', (error) => (ended = `could not run ${options.command}: ${error.message}`));
  child.once('exit', (code, signal) => (ended = `exited with ${signal ?? `code ${code}`}`));
  // Not waited for: the starting process (a test run, the CLI) may exit before it does.
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${options.command} (see ${logFile})`);
  return { pid: child.pid, logFile, exited: () => ended };
}

/**
 * Runs a launcher that starts a server and then exits (e.g. `pg_ctl start`) like
 * {@link spawnDetached}, so the server it leaves behind inherits the log file and the
 * detached session, and resolves with the launcher's exit code (null: a signal, or it
 * could not run).
 */
export function runDetached(options: SpawnOptions): Promise<number | null> {
  return new Promise((resolve) => {
    const { child } = launch(options);
    child.once('error', () => resolve(null));
    child.once('exit', (code) => resolve(code));
  });
}

function launch(options: SpawnOptions): { child: ChildProcess; logFile: string } {
  const logFile = logFileFor(options.cacheDir, options.name);
  const fd = openLogFile(logFile, options.command, options.args);
  try {
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    return { child, logFile };
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether a process with this PID runs (EPERM means it does, owned by another user). A
 * zombie counts as gone: it has exited, and whether it is reaped is up to its parent.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    // /proc/<pid>/stat: "pid (comm) state ..."; comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/**
 * Whether `pid` still looks like the process that was recorded: its command line
 * contains `marker` (e.g. the port). Guards against a PID reused after a reboot or a
 * crash; where /proc is missing the PID alone has to do.
 */
export function looksLike(pid: number, marker: string): boolean {
  if (!existsSync('/proc/self/cmdline')) return true;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').includes(marker);
  } catch {
    return false;
  }
}

/**
 * What {@link stopProcess} did: `not ours` means the PID now belongs to another program
 * (a reboot or crash since it was recorded), which is left alone.
 */
export type StopOutcome = 'not running' | 'stopped' | 'killed' | 'not ours';

/**
 * Stops a recorded process by its PID only: SIGTERM, up to `graceMs` for it to exit,
 * then SIGKILL.
 */
export async function stopProcess(pid: number, marker: string, graceMs = 15_000): Promise<StopOutcome> {
  if (!isAlive(pid)) return 'not running';
  if (!looksLike(pid, marker)) return 'not ours';
  if (!signal(pid, 'SIGTERM') || (await exitsWithin(pid, graceMs))) return 'stopped';
  signal(pid, 'SIGKILL');
  if (await exitsWithin(pid, 5_000)) return 'killed';
  throw new Error(`PID ${pid} survived SIGKILL`);
}

/** Sends a signal; false when the process is already gone. */
function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

async function exitsWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
  return true;
}

/** The last `count` lines of a log file, for error messages (empty when there is none). */
export function lastLines(file: string, count = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n');
  } catch {
    return '';
  }
}
