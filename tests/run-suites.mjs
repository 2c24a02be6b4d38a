#!/usr/bin/env node
/**
 * `npm test`'s suite step: the service suites and the local suites (unit, end-to-end, browser)
 * as two vitest runs side by side. The service suites spend most of their time waiting on
 * Kafka, Trino or a stand-in, so a second stream of CPU-bound local suites fills the idle
 * core; inside each stream files still run one at a time, as each suite was written for
 * (service suites share one broker, one S3 endpoint, one Snowflake-protocol server).
 * Arguments (`npm test -- tests/unit`) select files and run one plain `vitest run`.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const VITEST = ['node_modules/vitest/vitest.mjs', 'run'];

/** Runs vitest with `args`, each output line prefixed with `label`; resolves to its exit code. */
function runStream(label, args) {
  const child = spawn(process.execPath, [...VITEST, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  for (const [from, to] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ])
    createInterface({ input: from }).on('line', (line) => to.write(`[${label}] ${line}\n`));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve(signal ? 1 : (code ?? 1))));
}

const selection = process.argv.slice(2);
if (selection.length > 0) {
  const code = await new Promise((resolve) =>
    spawn(process.execPath, [...VITEST, ...selection], { stdio: 'inherit' }).on('close', (c) => resolve(c ?? 1)),
  );
  process.exit(code);
}

const started = performance.now();
const [services, local] = await Promise.all([
  runStream('services', ['--project', 'services']),
  runStream('local', ['--project', 'local', '--project', 'browser']),
]);
const minutes = ((performance.now() - started) / 60_000).toFixed(1);
console.log(`suites: services ${services === 0 ? 'passed' : 'FAILED'}, local ${local === 0 ? 'passed' : 'FAILED'}`);
console.log(`suites done in ${minutes} min`);
process.exit(services === 0 && local === 0 ? 0 : 1);
