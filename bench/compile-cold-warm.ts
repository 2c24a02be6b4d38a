/**
 * Cold and warm `strata compile` of one generated project, for two builds of Strata run
 * alternately (the machine may be shared: alternating spreads its noise over both). Cold
 * is a compile without target/ (every compiled file created; the previous target/ is moved
 * aside, and deleted only at the end), warm a compile right after (every file unchanged).
 * Prints the median wall and CPU (user + system) time of each.
 *
 *   node dist/bench/compile-cold-warm.js --old /path/to/other/checkout [--models 10000] [--rounds 5] [--macros]
 *
 * `--macros` generates the project where every model calls dbt_utils-style macros.
 *
 * Both checkouts must be built (`npx tsc -p tsconfig.build.json`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeSyntheticProject } from './synthetic-project.js';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1]! : fallback;
}

interface Sample {
  wall: number;
  cpu: number;
}

/** Wall and CPU time of one compile, from /usr/bin/time. */
function compile(bin: string, cwd: string): Sample {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S', process.execPath, bin, 'compile'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (result.status !== 0) throw new Error(`${bin} compile failed:\n${result.stdout}\n${result.stderr}`);
  const [wall, user, system] = result.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { wall: wall!, cpu: user! + system! };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const models = Number(argument('--models', '10000'));
const rounds = Number(argument('--rounds', '5'));
const builds = {
  old: resolve(argument('--old', '.'), 'bin/strata.js'),
  new: resolve(import.meta.dirname, '../../bin/strata.js'),
};
const macros = process.argv.includes('--macros');
const dir = join(tmpdir(), `strata-bench-cold-${macros ? 'macros-' : ''}${models}`);
writeSyntheticProject({ dir, models, macros });
const trash = join(tmpdir(), `strata-bench-cold-trash-${process.pid}`);
mkdirSync(trash, { recursive: true });
// a first compile leaves a target/ to set aside, and the file cache warm
compile(builds.new, dir);
const samples: Record<string, { cold: Sample[]; warm: Sample[] }> = {
  old: { cold: [], warm: [] },
  new: { cold: [], warm: [] },
};
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? (['old', 'new'] as const) : (['new', 'old'] as const);
  for (const build of order) {
    // Set aside, not deleted: ext4 spends seconds of kernel time creating files right after
    // tens of thousands were deleted, which would time the previous run's cleanup.
    renameSync(join(dir, 'target'), join(trash, `target-${build}-${round}`));
    const cold = compile(builds[build], dir);
    const warm = compile(builds[build], dir);
    samples[build]!.cold.push(cold);
    samples[build]!.warm.push(warm);
    console.log(`round ${round + 1} ${build}: cold ${cold.wall.toFixed(2)} s, warm ${warm.wall.toFixed(2)} s`);
  }
}
rmSync(trash, { recursive: true, force: true });
const show = (list: Sample[]) =>
  `wall ${median(list.map((s) => s.wall)).toFixed(2)} s, cpu ${median(list.map((s) => s.cpu)).toFixed(2)} s`;
console.log(`compile, ${models} models${macros ? ' calling macros' : ''}, medians of ${rounds} runs each`);
for (const build of ['old', 'new'] as const) {
  console.log(`  ${build}: cold ${show(samples[build]!.cold)} | warm ${show(samples[build]!.warm)}`);
}
