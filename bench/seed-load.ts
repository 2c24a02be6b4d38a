/**
 * Large seeds on DuckDB: writes three projects of one 1,000,000-row seed each (parsing a
 * project reads every seed file, so each seed gets its own) and times `strata seed -s <seed>`
 * for each, a few runs apiece, printing the median wall and CPU
 * seconds. The seeds are the shapes that take different load paths:
 *
 * - `plain`: 5 columns, nothing quoted (DuckDB reads the file as it is);
 * - `quoted`: 8 columns, one quoted field holding the delimiter per row;
 * - `blank_line`: `quoted` with one blank line in the middle.
 *
 * `--compare <bin/strata.js>` (repeatable) times another build of the CLI on the same
 * files, e.g. an older checkout, for a before/after table. Not a test.
 *
 *   npm run bench:seeds -- [--rows 1000000] [--runs 3] [--compare ../old/bin/strata.js] [--keep]
 */
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { measureCommand, type Measured } from './measure-process.js';

const BIN = resolve(import.meta.dirname, '../../bin/strata.js');

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1]! : fallback;
}

const ROWS = Number(argument('--rows', '1000000'));
const RUNS = Number(argument('--runs', '3'));
/** Every `--compare <bin/strata.js>` given, in order. */
const COMPARED = process.argv.flatMap((arg, i) =>
  arg === '--compare' && process.argv[i + 1] ? [resolve(process.argv[i + 1]!)] : [],
);

const STATUSES = ['placed', 'shipped', 'returned', 'cancelled'];
const CITIES = ['Springfield', 'Riverside', 'Fairview', 'Greenville', 'Madison'];

interface SeedShape {
  name: string;
  header: string;
  row(i: number): string;
  /** a blank line is written after this row */
  blankAfter?: number;
}

function day(i: number): string {
  return `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
}

const quotedRow = (i: number): string => {
  const address = `"${(i % 900) + 1} Main Street, ${CITIES[i % CITIES.length]}"`;
  const orderedAt = `${day(i)} ${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`;
  const amount = (i % 100_000) / 100;
  const status = STATUSES[i % STATUSES.length];
  return `${i},customer_${i % 50_000},${address},${amount},${orderedAt},${status},${i % 17},note ${i % 1000}`;
};
const QUOTED_HEADER = 'order_id,customer,address,amount,ordered_at,status,quantity,note';

const SHAPES: SeedShape[] = [
  {
    name: 'plain',
    header: 'id,name,amount,ordered_on,active',
    row: (i) => `${i},c${i % 100_000},${(i % 100_000) / 100},${day(i)},${i % 3 === 0}`,
  },
  { name: 'quoted', header: QUOTED_HEADER, row: quotedRow },
  { name: 'blank_line', header: QUOTED_HEADER, row: quotedRow, blankAfter: Math.floor(ROWS / 2) },
];

async function writeSeed(path: string, shape: SeedShape): Promise<void> {
  const out = createWriteStream(path);
  let chunk = `${shape.header}\n`;
  for (let i = 1; i <= ROWS; i++) {
    chunk += `${shape.row(i)}\n`;
    if (i === shape.blankAfter) chunk += '\n';
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

function writeProject(dir: string): void {
  mkdirSync(join(dir, 'seeds'), { recursive: true });
  writeFileSync(join(dir, 'project.yml'), 'name: seed_bench\nprofile: seed_bench\n');
  writeFileSync(
    join(dir, 'profiles.yml'),
    [
      'seed_bench:',
      '  target: dev',
      '  outputs:',
      '    dev:',
      '      type: duckdb',
      '      path: target/bench.duckdb',
      '      threads: 2',
      '      schema: main',
      '',
    ].join('\n'),
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

// Each run starts from no database, so every run does the same work.
async function timeSeed(bin: string, dir: string, seed: string): Promise<Measured> {
  rmSync(join(dir, 'target'), { recursive: true, force: true });
  const measured = await measureCommand({
    file: process.execPath,
    args: [bin, 'seed', '-s', seed],
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (!measured.stdout.includes(`INSERT ${ROWS}`))
    throw new Error(`strata seed -s ${seed} did not load ${ROWS} rows:\n${measured.stdout}`);
  return measured;
}

const root = mkdtempSync(join(tmpdir(), 'strata-seed-bench-'));
try {
  const builds: Array<[string, string]> = [['this build', BIN], ...COMPARED.map((bin): [string, string] => [bin, bin])];
  console.log(`${ROWS} rows per seed, ${RUNS} runs each, median seconds (wall / CPU) of \`strata seed -s <seed>\``);
  console.log(['seed', 'MB', ...builds.map(([label]) => label)].join('\t'));
  for (const shape of SHAPES) {
    const dir = join(root, shape.name);
    writeProject(dir);
    const path = join(dir, 'seeds', `${shape.name}.csv`);
    await writeSeed(path, shape);
    const cells = [shape.name, (statSync(path).size / 1e6).toFixed(0)];
    // Builds take turns run by run, so a busy spell on the machine weighs on each alike.
    const runs: Measured[][] = builds.map(() => []);
    for (let run = 0; run < RUNS; run++) {
      for (const [index, [, bin]] of builds.entries()) runs[index]!.push(await timeSeed(bin, dir, shape.name));
    }
    for (const measured of runs) {
      const wall = median(measured.map((r) => r.seconds)).toFixed(2);
      const cpu = median(measured.map((r) => r.cpuSeconds)).toFixed(2);
      cells.push(`${wall} / ${cpu}`);
    }
    console.log(cells.join('\t'));
  }
} finally {
  if (process.argv.includes('--keep')) console.log(`projects kept in ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
