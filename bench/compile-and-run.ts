/**
 * Strata's own figures (issue: engine performance): `strata compile` on generated projects
 * of 1,000 / 2,000 / 10,000 models, and `strata run` of 1,000 trivial views on DuckDB with
 * the per-model overhead beyond the SQL's own time. Prints a table; not a test.
 *
 *   npm run build && node dist/bench/compile-and-run.js [--sizes 1000,2000,10000] [--views 1000]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeSyntheticProject } from './synthetic-project.js';

const BIN = resolve(import.meta.dirname, '../../bin/strata.js');

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1]! : fallback;
}

interface Timed {
  seconds: number;
  peakRssMb: number;
  stdout: string;
}

/** Run the CLI under /usr/bin/time to get wall time and peak RSS of the whole process. */
function timeStrata(args: string[], cwd: string): Timed {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0)
    throw new Error(`strata ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  const peakKb = Number(result.stderr.trim().split('\n').pop());
  return { seconds, peakRssMb: peakKb / 1024, stdout: result.stdout };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function compileBench(size: number, runs: number): void {
  const dir = join(tmpdir(), `strata-bench-compile-${size}`);
  writeSyntheticProject({ dir, models: size });
  // The first run creates target/compiled (tens of thousands of new files: disk-bound and
  // noisy on a shared disk); later runs find the SQL unchanged, as in an edit-compile loop.
  const cold = timeStrata(['compile'], dir);
  const times: number[] = [];
  let peak = cold.peakRssMb;
  for (let i = 0; i < runs; i++) {
    const timed = timeStrata(['compile'], dir);
    times.push(timed.seconds);
    peak = Math.max(peak, timed.peakRssMb);
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8')) as {
    nodes: Record<string, unknown>;
  };
  const nodes = Object.keys(manifest.nodes).length;
  console.log(
    [
      `compile  ${String(size).padStart(6)} models (${nodes} nodes incl. tests)`,
      `median ${median(times).toFixed(2)} s`,
      `(cold target: ${cold.seconds.toFixed(2)} s)`,
      `peak RSS ${peak.toFixed(0)} MB`,
      `runs: ${times.map((t) => t.toFixed(2)).join(', ')}`,
    ].join('  '),
  );
}

function runBench(views: number, runs: number): void {
  const dir = join(tmpdir(), `strata-bench-run-${views}`);
  writeSyntheticProject({ dir, models: views, testedShare: 0, shape: 'shallow' });
  timeStrata(['seed'], dir);
  const times: number[] = [];
  let peak = 0;
  let sqlSeconds = 0;
  for (let i = 0; i < runs; i++) {
    const timed = timeStrata(['run', '--threads', '1'], dir);
    times.push(timed.seconds);
    peak = Math.max(peak, timed.peakRssMb);
    const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')) as {
      results: Array<{ timing: Array<{ name: string; started_at: string; completed_at: string }> }>;
    };
    // the warehouse's own time: the execute phase of each node, summed (one thread)
    sqlSeconds = results.results.reduce((sum, r) => {
      const execute = r.timing.find((t) => t.name === 'execute')!;
      return sum + (Date.parse(execute.completed_at) - Date.parse(execute.started_at)) / 1000;
    }, 0);
  }
  const wall = median(times);
  const baseline = timeStrata(['run', '--threads', '1', '-s', 'model_00000'], dir).seconds;
  const perModelMs = ((wall - baseline) / (views - 1)) * 1000;
  const executeMs = (sqlSeconds / views) * 1000;
  console.log(
    [
      `run      ${String(views).padStart(6)} views, 1 thread `,
      `median ${wall.toFixed(2)} s`,
      `(1 view: ${baseline.toFixed(2)} s)`,
      `per model ${perModelMs.toFixed(2)} ms, of which execute phase ${executeMs.toFixed(2)} ms`,
      `peak RSS ${peak.toFixed(0)} MB`,
    ].join('  '),
  );
}

const sizes = argument('--sizes', '1000,2000,10000').split(',').map(Number);
const views = Number(argument('--views', '1000'));
const runs = Number(argument('--runs', '3'));
console.log(`node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
for (const size of sizes) compileBench(size, runs);
if (views > 0) runBench(views, runs);
