/**
 * One `strata` command of the live example, run as its own process: its output goes to a
 * log file (and, when asked, to the terminal with a prefix), its last lines and the time
 * of its last output are kept so the runner can tell what it is doing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The CLI of this checkout, from dist/ingest/live/ or ingest/live/. */
export const STRATA_BIN = resolve(
  import.meta.dirname,
  import.meta.dirname.includes('/dist/') ? '../../..' : '../..',
  'bin/strata.js',
);

export interface StrataProcessOptions {
  /** shown before each echoed line */
  name: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** every line of output is appended here */
  logFile: string;
  /** lines also written to the terminal, prefixed with the name */
  echo?: (line: string) => boolean;
}

/** A running `strata` command. */
export class StrataProcess {
  readonly child: ChildProcess;
  /** resolves with the exit code (or the signal's name) */
  readonly exited: Promise<number | string>;
  /** when the process last wrote a line (ms since the epoch) */
  lastOutputAt = Date.now();
  private readonly lines: string[] = [];
  private readonly log: WriteStream;

  constructor(private readonly options: StrataProcessOptions) {
    mkdirSync(dirname(options.logFile), { recursive: true });
    this.log = createWriteStream(options.logFile, { flags: 'a' });
    this.child = spawn(process.execPath, [STRATA_BIN, ...options.args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      // its own process group: a Ctrl-C in the terminal reaches the runner, which stops each child in order
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let partial = '';
      stream?.on('data', (chunk: Buffer) => {
        const parts = (partial + chunk.toString()).split(/\r?\n|\r/);
        partial = parts.pop() ?? '';
        for (const line of parts) this.onLine(line);
      });
    }
    this.exited = new Promise((done) => {
      this.child.once('error', (error) => {
        this.onLine(`could not start: ${error.message}`);
        done('error');
      });
      this.child.once('close', (code, signal) => {
        this.log.end();
        done(code ?? signal ?? 'unknown');
      });
    });
  }

  /** The last `count` lines written. */
  tail(count = 1): string[] {
    return this.lines.slice(-count);
  }

  /** Every line written so far that matches. */
  matching(pattern: RegExp): string[] {
    return this.lines.filter((line) => pattern.test(line));
  }

  /** Send a signal, unless the process is gone. */
  signal(name: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(name);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  private onLine(line: string): void {
    if (line.trim() === '') return;
    this.lastOutputAt = Date.now();
    this.lines.push(line);
    if (this.lines.length > 2_000) this.lines.splice(0, 1_000);
    this.log.write(`${line}\n`);
    if (this.options.echo?.(line)) process.stdout.write(`${this.options.name.padEnd(8)}| ${line}\n`);
  }
}
