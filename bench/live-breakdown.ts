/**
 * Where a live run's time goes, minute by minute (bench/live-latency.ts): each model's median
 * build time and batch size from the watcher's log, and the DuckDB write-ahead log's size and
 * checkpoints from samples of the `.wal` file. A model whose time rises while its batch stays
 * the same reads more than its batch: what grows with the table, not with the stream.
 */
import { percentile } from './live-target.js';

/** One model's build in a watcher run, as its log line says. */
export interface ModelBuild {
  /** seconds since the log's first line */
  at: number;
  model: string;
  rows: number;
  seconds: number;
}

// 01:34:32  8 of 14 OK created sql incremental model main_marts.fct_orders .... [MERGE 12 (21 new offsets) in 0.16s]
const BUILD_LINE =
  /^(\d\d):(\d\d):(\d\d)\s+\d+ of \d+ OK created sql \w+ model [\w.]*?(\w+) \.*\s*\[(.*?) in (\d+(?:\.\d+)?)s\]$/;

// 01:45:55  Checkpointed the database: 64.3 MiB of log in 0.52s
const CHECKPOINT_LINE = /Checkpointed the database: (\d+(?:\.\d+)?) MiB of log in (\d+(?:\.\d+)?)s$/;

/** The model builds of a watcher's log (`target/live/watch.log`) after its first run, and its checkpoints. */
export function modelBuilds(log: string): ModelBuild[] {
  const builds: ModelBuild[] = [];
  let first: number | undefined;
  let previous = 0;
  let dayOffset = 0;
  let firstRunDone = false;
  for (const line of log.split('\n')) {
    const clock = /^(\d\d):(\d\d):(\d\d)/.exec(line);
    if (!clock) continue;
    let at = Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]) + dayOffset;
    if (at < previous) [dayOffset, at] = [dayOffset + 86_400, at + 86_400]; // past midnight
    previous = at;
    first ??= at;
    if (line.includes('Waiting for commits...')) firstRunDone = true;
    const checkpoint = CHECKPOINT_LINE.exec(line);
    if (checkpoint) {
      builds.push({
        at: at - first,
        model: '(checkpoint, MiB)',
        rows: Number(checkpoint[1]),
        seconds: +checkpoint[2]!,
      });
      continue;
    }
    const build = firstRunDone ? BUILD_LINE.exec(line) : null;
    if (!build) continue;
    // "INSERT 0 602 (617 new offsets)", "MERGE 12 (...)", "SELECT 27": the rows written
    const rows = /(\d+)(?:\s*\(|$)/.exec(build[5]!.trim());
    builds.push({ at: at - first, model: build[4]!, rows: Number(rows?.[1] ?? 0), seconds: Number(build[6]) });
  }
  return builds;
}

/** One sample of the database's write-ahead log. */
export interface WalSample {
  /** seconds since the bench started */
  at: number;
  bytes: number;
}

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

/**
 * Per model, its median build time (ms) and median rows per minute, a row per model in the
 * order they first ran; and, with WAL samples, the largest WAL and the checkpoints (the
 * file shrinking) per minute.
 */
export function breakdownByMinute(builds: readonly ModelBuild[], wal: readonly WalSample[] = []): string[] {
  const minutes = Math.max(0, ...builds.map((build) => Math.floor(build.at / 60))) + 1;
  const models = [...new Set(builds.map((build) => build.model))];
  const width = Math.max(...models.map((model) => model.length), 14);
  const cells = (values: string[]) => values.map((value) => value.padStart(9)).join('');
  const header = cells(Array.from({ length: minutes }, (_, minute) => `min ${minute + 1}`));
  const lines = [`  ${'median ms (rows)'.padEnd(width)} ${header}`];
  for (const model of models) {
    const values: string[] = [];
    for (let minute = 0; minute < minutes; minute += 1) {
      const inMinute = builds.filter((build) => build.model === model && Math.floor(build.at / 60) === minute);
      values.push(
        inMinute.length === 0
          ? '-'
          : `${Math.round(median(inMinute.map((b) => b.seconds)) * 1000)}` +
              `(${Math.round(median(inMinute.map((b) => b.rows)))})`,
      );
    }
    lines.push(`  ${model.padEnd(width)} ${cells(values)}`);
  }
  if (wal.length > 0) {
    const walMinutes = Math.floor((wal.at(-1)?.at ?? 0) / 60) + 1;
    const peak: string[] = [];
    const checkpoints: string[] = [];
    for (let minute = 0; minute < walMinutes; minute += 1) {
      const index = wal.map((sample, i) => (Math.floor(sample.at / 60) === minute ? i : -1)).filter((i) => i >= 0);
      peak.push(`${(Math.max(0, ...index.map((i) => wal[i]!.bytes)) / 2 ** 20).toFixed(1)}M`);
      checkpoints.push(String(index.filter((i) => i > 0 && wal[i]!.bytes < wal[i - 1]!.bytes).length));
    }
    lines.push(`  ${'WAL peak'.padEnd(width)} ${cells(peak)}`);
    lines.push(`  ${'WAL shrinks'.padEnd(width)} ${cells(checkpoints)}`);
  }
  return lines;
}
