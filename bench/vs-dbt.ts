/**
 * Strata beside dbt-core on the same synthetic projects, on this machine, in one run:
 * compile at 1,000 / 2,000 / 10,000 models (cold and warm), `run` of 1,000 views and of
 * 200 tables, `test` of 1,000 data tests, all on DuckDB with the same thread count. The
 * tools take turns run by run (who goes first alternates), so load from other work on
 * the machine falls on both alike. Before a scenario's figures are printed, both tools'
 * results are checked to be the same; a mismatch stops the bench. A cold compile starts
 * with target/ moved aside for both tools alike (deleted after the scenario, untimed: see
 * `setTargetAside`). Prints a Markdown table; not a test.
 *
 *   npm run bench:dbt -- [--sizes 1000,2000,10000] [--runs 3] [--big-runs 3] [--only compile-2000-cold,run-views-1000]
 */
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dbtTool, strataTool, type BenchTool } from './bench-tools.js';
import { writeProjectPair, type ProjectPair } from './dbt-project.js';
import { measureCommand } from './measure-process.js';
import { allScenarios, type Scenario } from './vs-dbt-scenarios.js';

/** Medians and peaks of one scenario. */
interface ScenarioResult {
  id: string;
  work: string;
  runs: number;
  seconds: { dbt: number[]; strata: number[] };
  cpuSeconds: { dbt: number[]; strata: number[] };
  peakRssMb: { dbt: number; strata: number };
  target?: number;
}

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1]! : fallback;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const log = (line: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

async function runScenario(
  scenario: Scenario,
  pair: ProjectPair,
  tools: BenchTool[],
  runs: number,
): Promise<ScenarioResult> {
  const dirOf = (tool: BenchTool) => (tool.name === 'dbt' ? pair.dbt : pair.strata);
  for (const tool of tools) {
    if (scenario.setupDone?.(dirOf(tool))) continue;
    for (const args of scenario.setup) await measureCommand(tool.command(args, dirOf(tool)));
  }
  const result: ScenarioResult = {
    id: scenario.id,
    work: scenario.work,
    runs,
    seconds: { dbt: [], strata: [] },
    cpuSeconds: { dbt: [], strata: [] },
    peakRssMb: { dbt: 0, strata: 0 },
    target: scenario.target,
  };
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? tools : [...tools].reverse();
    for (const tool of order) {
      scenario.prepare?.(dirOf(tool));
      const measured = await measureCommand(tool.command(scenario.timed, dirOf(tool)));
      result.seconds[tool.name].push(measured.seconds);
      result.cpuSeconds[tool.name].push(measured.cpuSeconds);
      result.peakRssMb[tool.name] = Math.max(result.peakRssMb[tool.name], measured.peakRssMb);
      log(
        `${scenario.id} run ${run + 1}/${runs} ${tool.name}: ` +
          `${measured.seconds.toFixed(2)} s (CPU ${measured.cpuSeconds.toFixed(2)} s), ` +
          `${measured.peakRssMb.toFixed(0)} MB  (load ${loadavg()[0]!.toFixed(2)})`,
      );
    }
  }
  await scenario.verify(pair);
  log(`${scenario.id}: both tools built the same nodes`);
  for (const tool of tools) scenario.cleanup?.(dirOf(tool));
  return result;
}

function formatSeconds(seconds: number): string {
  return seconds < 10 ? `${seconds.toFixed(2)} s` : `${seconds.toFixed(1)} s`;
}

/** One Markdown table row: `| a | b | c |`. */
function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/**
 * The Markdown table of results. Wall time is what a user waits for; the CPU-time ratio
 * is printed beside it because on a shared machine it moves less with other work.
 */
function renderTable(results: ScenarioResult[], tools: BenchTool[]): string {
  const [strata, dbt] = tools;
  const lines = [
    tableRow([
      'work',
      `${dbt!.label.split(' (')[0]} median`,
      `${strata!.label} median`,
      'dbt / Strata',
      'CPU time dbt / Strata',
      'peak RSS dbt',
      'peak RSS Strata',
    ]),
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const ratio = median(r.seconds.dbt) / median(r.seconds.strata);
    const dbtCpu = median(r.cpuSeconds.dbt);
    const strataCpu = median(r.cpuSeconds.strata);
    const cpu = `${formatSeconds(dbtCpu)} / ${formatSeconds(strataCpu)} = ${(dbtCpu / strataCpu).toFixed(1)}x`;
    const target = r.target === undefined ? '' : ` (target ${r.target}x: ${ratio >= r.target ? 'met' : 'missed'})`;
    lines.push(
      tableRow([
        r.work,
        formatSeconds(median(r.seconds.dbt)),
        formatSeconds(median(r.seconds.strata)),
        `${ratio.toFixed(1)}x${target}`,
        cpu,
        `${r.peakRssMb.dbt.toFixed(0)} MB`,
        `${r.peakRssMb.strata.toFixed(0)} MB`,
      ]),
    );
  }
  return lines.join('\n');
}

const sizes = argument('--sizes', '1000,2000,10000').split(',').map(Number);
const runs = Number(argument('--runs', '3'));
const bigRuns = Number(argument('--big-runs', '3'));
const only = argument('--only', '')
  .split(',')
  .filter((id) => id !== '');
const scenarios = allScenarios(sizes).filter((s) => only.length === 0 || only.includes(s.id));
const root = join(tmpdir(), 'strata-vs-dbt');

const tools = [await strataTool(), await dbtTool(log)];
const cpuModel = cpus()[0]?.model.trim() ?? 'unknown CPU';
const machine = `${cpuModel}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}`;
log(
  `${machine}; ${tools.map((t) => t.label).join(' vs ')}; threads 2 for both (profile); load at start ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

/** Raw times in bench/out/vs-dbt.json, rewritten after every scenario. */
function saveResults(): void {
  const out = join(import.meta.dirname, '../../bench/out');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'vs-dbt.json'),
    `${JSON.stringify({ machine, tools: tools.map((t) => t.label), runs, bigRuns, results }, null, 2)}\n`,
  );
}

const pairs = new Map<string, ProjectPair>();
const results: ScenarioResult[] = [];
for (const scenario of scenarios) {
  let pair = pairs.get(scenario.projectKey);
  if (pair === undefined) {
    pair = writeProjectPair({ ...scenario.project, dir: join(root, scenario.projectKey) });
    pairs.set(scenario.projectKey, pair);
  }
  const scenarioRuns = scenario.project.models >= 10_000 ? bigRuns : runs;
  results.push(await runScenario(scenario, pair, tools, scenarioRuns));
  log(`done: ${renderTable(results.slice(-1), tools).split('\n')[2]}`);
  saveResults();
}

const table = renderTable(results, tools);
console.log(
  `\n${machine}\n${tools.map((t) => t.label).join(', ')}; DuckDB file per tool, threads: 2 for both; ` +
    `medians of ${runs} runs each (${bigRuns} at 10,000 models), tools alternating\n`,
);
console.log(table);
console.log(
  `\nload average at the end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
