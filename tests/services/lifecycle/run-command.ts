import { spawn } from 'node:child_process';

/** Where and how to run a one-shot command. */
export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs an install or setup command (pip, mvn, initdb, ...) to completion and returns
 * its stdout. Output is kept quiet on success; a failure throws with the command and
 * the end of what it printed, so CI logs show why without re-running.
 */
export function runCommand(command: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => reject(new Error(`could not run ${command}: ${error.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) return resolve(stdout);
      const tail = output.trimEnd().split('\n').slice(-30).join('\n');
      reject(new Error(`${[command, ...args].join(' ')} failed (${signal ?? `exit ${code}`})\n${tail}`));
    });
  });
}
