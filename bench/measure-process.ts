/**
 * Runs a command and measures its wall time and the peak memory of its whole process
 * tree, for benchmarks that compare tools built differently (one Node process with
 * DuckDB inside, a Python process that may start helpers).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** One measured command. */
export interface Measured {
  seconds: number;
  /** user + system CPU time of the command and every descendant it waited for */
  cpuSeconds: number;
  /** the highest sum of RSS over the tree seen by sampling, or the largest single process if higher */
  peakRssMb: number;
  stdout: string;
  stderr: string;
}

/** How to run one command. */
export interface CommandSpec {
  file: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

const PAGE_BYTES = 4096;
const SAMPLE_MS = 25;

function readQuietly(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // the process ended between listing and reading
  }
}

/** The process and its descendants, found through /proc/<pid>/task/<tid>/children. */
function processTree(root: number): number[] {
  const found: number[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    found.push(pid);
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      for (const child of readQuietly(`/proc/${pid}/task/${task}/children`).split(' ')) {
        if (child.trim() !== '') pending.push(Number(child));
      }
    }
  }
  return found;
}

/** Resident bytes of the tree now (statm's second field is resident pages). */
function treeRssBytes(root: number): number {
  let total = 0;
  for (const pid of processTree(root)) {
    const resident = Number(readQuietly(`/proc/${pid}/statm`).split(' ')[1] ?? 0);
    if (Number.isFinite(resident)) total += resident * PAGE_BYTES;
  }
  return total;
}

/**
 * Runs `spec` under `/usr/bin/time` for the kernel's peak RSS of the largest process
 * (which sampling can miss on a short spike) and the tree's CPU time (less sensitive than
 * wall time to other work on a shared machine), while sampling the tree's summed RSS every
 * 25 ms (which a single process's peak misses when there are helpers). Rejects with the
 * output's end when the command fails.
 */
export function measureCommand(spec: CommandSpec): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'strata-bench %M %U %S', spec.file, ...spec.args], {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let peakBytes = 0;
    const sampler = setInterval(() => {
      if (child.pid !== undefined) peakBytes = Math.max(peakBytes, treeRssBytes(child.pid));
    }, SAMPLE_MS);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (error) => {
      clearInterval(sampler);
      reject(new Error(`could not run ${spec.file}: ${error.message}`));
    });
    child.once('close', (code) => {
      clearInterval(sampler);
      const seconds = (performance.now() - started) / 1000;
      const lines = stderr.trimEnd().split('\n');
      const [, largestKb, user, system] = (lines.pop() ?? '').split(' ').map(Number);
      if (code !== 0) {
        const tail = `${stdout}\n${lines.join('\n')}`.trimEnd().split('\n').slice(-30).join('\n');
        return reject(
          new Error(`${[spec.file, ...spec.args].join(' ')} (in ${spec.cwd}) failed (exit ${code})\n${tail}`),
        );
      }
      const peakRssMb = Math.max(peakBytes / 2 ** 20, (largestKb ?? 0) / 1024);
      resolve({ seconds, cpuSeconds: (user ?? 0) + (system ?? 0), peakRssMb, stdout, stderr: lines.join('\n') });
    });
  });
}
