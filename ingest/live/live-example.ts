/**
 * The example, live: `strata generate` produces the shop's events to Kafka at a chosen
 * rate, `strata ingest` (ingest/ingest-live.yml: commit feed on, one-second flushes) lands
 * them in the lake, and `strata run --watch` rebuilds the gold tables (orders daily
 * summary, hourly trends, funnel) as each commit arrives. Three processes, as in
 * production; this module starts them in order and stops them in order.
 *
 * - Stopped (Ctrl-C, SIGTERM): the generator stops sending, the ingester flushes and
 *   commits, the watcher finishes its run in flight; a second signal cancels that run.
 * - With `count`: once the generator has sent its events and the ingester has committed
 *   them (so no commit is left to come), the watcher is stopped when it has run on the
 *   last commit, then the ingester: the gold tables hold every event.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { emptyLake, liveTopics, resetTopics } from './live-reset.js';
import { StrataProcess } from './strata-process.js';

/** The gold models the live example keeps fresh (and everything they read). */
export const LIVE_SELECTION = ['+orders_daily_summary', '+hourly_trends', '+funnel_breakdown'];

/**
 * The project's `live` variable: the Bronze base tables are fed by the commit feed (each run
 * appends the records of the new commits, read from exactly their files, instead of parsing
 * every file of the lake again), and the staging, marts and gold models on them by their
 * upstream: each run reads the rows at the offsets new since its last (`feed_rows`) and
 * rewrites only what they change, so a run costs what the new commits hold, not the history.
 */
export const LIVE_VARS = ['--vars', '{live: true}'];

export interface LiveOptions {
  /** the example project's folder */
  projectDir: string;
  brokers: string[];
  /** events per second */
  rate: number;
  /** stop after this many events, and wait for them to reach the gold tables */
  count?: number;
  seed: number;
  users?: number;
  days?: number;
  topicPrefix: string;
  /** the lake root the project's sources read, relative to the project */
  lake: string;
  /** the ingester's /healthz, /metrics and /commits (0: a free port) */
  ingestPort: number;
  /** the watcher's /metrics (0: a free port) */
  metricsPort: number;
  /** the ingester's flush interval (`rotation.max_seconds`) */
  flushSeconds: number;
  /** the watcher's feed poll interval (pushes wake it sooner) */
  pollSeconds: number;
  /** stops the run (the first abort); the second cancels the watcher's run in flight */
  stop: AbortSignal;
  cancel: AbortSignal;
  /** where the runner's own lines go */
  say: (line: string) => void;
  /** write each watcher line to the terminal too */
  echoWatcher: boolean;
}

export interface LiveOutcome {
  /** every process ended cleanly */
  clean: boolean;
  /** stopped by `stop` rather than at the end of `count` events */
  interrupted: boolean;
  /** events the generator's tally counts as produced (undefined when it wrote none) */
  produced?: number;
}

/** Run the live example until `stop` or, with `count`, until the gold tables hold every event. */
export async function runLiveExample(options: LiveOptions): Promise<LiveOutcome> {
  const { projectDir, say } = options;
  const ingestPort = options.ingestPort || (await freePort());
  const metricsPort = options.metricsPort || (await freePort());
  const lake = resolve(projectDir, options.lake);
  const logs = join(projectDir, 'target/live');
  const topics = liveTopics(options.topicPrefix);
  say(`Resetting topics ${topics.join(', ')} on ${options.brokers.join(',')} and emptying ${options.lake}/`);
  await resetTopics(options.brokers, topics);
  emptyLake(lake);

  const seed = new StrataProcess({ name: 'seed', args: ['seed'], cwd: projectDir, logFile: join(logs, 'seed.log') });
  if ((await seed.exited) !== 0) {
    say(`strata seed failed: ${seed.tail(5).join('\n')}`);
    return { clean: false, interrupted: false };
  }

  const ingester = new StrataProcess({
    name: 'ingest',
    args: ['ingest', '--config', 'ingest/ingest-live.yml'],
    cwd: projectDir,
    env: {
      KAFKA_BROKERS: options.brokers.join(','),
      STRATA_INGEST_GROUP: `strata-live-${Date.now()}`,
      STRATA_TOPIC_PREFIX: options.topicPrefix,
      STRATA_LAKE: lake,
      STRATA_INGEST_HTTP_PORT: String(ingestPort),
      STRATA_LIVE_FLUSH_SECONDS: String(options.flushSeconds),
    },
    logFile: join(logs, 'ingest.log'),
    echo: (line) => /"level":"(error|fatal)"/.test(line),
  });
  const tallyFile = join(logs, 'generator-tally.json');
  const generator = new StrataProcess({
    name: 'generate',
    args: [
      'generate',
      ...['--kafka', options.brokers.join(','), '--rate', String(options.rate), '--seed', String(options.seed)],
      ...['--topic-prefix', options.topicPrefix, '--tally', tallyFile],
      ...(options.count === undefined ? [] : ['--count', String(options.count)]),
      ...(options.users === undefined ? [] : ['--users', String(options.users)]),
      ...(options.days === undefined ? [] : ['--days', String(options.days)]),
    ],
    cwd: projectDir,
    logFile: join(logs, 'generate.log'),
    echo: (line) => !/events\/s.*%|^\s*\d/.test(line) || /^(Produced|Interrupted)/.test(line),
  });
  const feedUrl = `http://127.0.0.1:${ingestPort}/commits`;
  let watcher: StrataProcess | undefined;
  const stopped = new Promise<void>((done) => options.stop.addEventListener('abort', () => done(), { once: true }));
  options.cancel.addEventListener('abort', () => watcher?.signal('SIGTERM'), { once: true });

  // The first run reads every topic's folder: wait until each has its first commit.
  const firstCommits = await Promise.race([
    until(() => topics.every((topic) => hasCommit(lake, topic)), 250).then(() => true),
    stopped.then(() => false),
    generator.exited.then(async () => {
      // a short stream may land fast, or the generator failed
      await until(() => topics.every((topic) => hasCommit(lake, topic)) || !ingester.running, 250, 30_000);
      return topics.every((topic) => hasCommit(lake, topic));
    }),
  ]);
  // the lake was emptied and the topics start again at offset 0: every model's cursor starts over
  const reset = firstCommits
    ? new StrataProcess({
        name: 'reset',
        args: ['run', '--full-refresh', ...LIVE_VARS, '--select', ...LIVE_SELECTION],
        cwd: projectDir,
        logFile: join(logs, 'reset.log'),
      })
    : undefined;
  const resetCode = reset ? await reset.exited : 0;
  if (resetCode !== 0) say(`strata run --full-refresh of the live models failed:\n${reset!.tail(5).join('\n')}`);
  else if (firstCommits) {
    say(
      `Watching: the gold tables update as commits arrive. In another terminal:\n` +
        `  npx strata show -s orders_daily_summary     (also hourly_trends, funnel_breakdown)\n` +
        `  curl -s 127.0.0.1:${metricsPort}/metrics | grep freshness\n` +
        'Logs in target/live/; Ctrl-C stops all three.',
    );
    watcher = new StrataProcess({
      name: 'watch',
      args: [
        ...['run', '--watch', ...LIVE_VARS, '--select', ...LIVE_SELECTION, '--feed-url', feedUrl],
        ...['--poll-interval', String(options.pollSeconds), '--metrics-port', String(metricsPort)],
      ],
      cwd: projectDir,
      logFile: join(logs, 'watch.log'),
      echo: () => options.echoWatcher,
    });
  }

  const finished = await Promise.race([stopped.then(() => 'stopped' as const), generator.exited.then(() => 'sent')]);
  const interrupted = finished === 'stopped' || options.stop.aborted;
  let produced: number | undefined;
  if (interrupted) {
    generator.signal('SIGTERM');
    await generator.exited;
  } else {
    produced = readProduced(tallyFile);
    if (produced !== undefined && (await generator.exited) === 0) {
      say(`Produced ${produced} events; waiting for the ingester to commit them`);
      await Promise.race([until(async () => (await committed(ingestPort)) >= produced!, 250), stopped]);
    }
  }
  // every record committed: no commit is left to come, and the watcher only has to catch up
  const feedFinalAt = Date.now();
  if (watcher && !interrupted && !options.stop.aborted) {
    say('The stream ended; waiting for the watcher to run on the last commit');
    const quiet = options.pollSeconds * 3_000;
    await Promise.race([
      until(
        () =>
          !watcher!.running ||
          (Date.now() >= Math.max(watcher!.lastOutputAt, feedFinalAt) + quiet &&
            (watcher!.tail()[0] ?? '').includes('Waiting for commits...')),
        100,
      ),
      stopped,
    ]);
  }
  // the watcher first, so it does not lose the ingester's push stream; SIGTERM ends its run in flight
  watcher?.signal('SIGTERM');
  const watcherCode = watcher ? await watcher.exited : resetCode;
  // SIGTERM flushes what the ingester holds and commits it
  ingester.signal('SIGTERM');
  const ingesterCode = await ingester.exited;
  const generatorCode = await generator.exited;
  produced ??= readProduced(tallyFile);
  const clean =
    ingesterCode === 0 && watcherCode === 0 && (generatorCode === 0 || (interrupted && generatorCode === 130));
  if (!clean)
    say(`A process did not end cleanly: generate ${generatorCode}, ingest ${ingesterCode}, watch ${watcherCode}`);
  return { clean, interrupted: options.stop.aborted, produced };
}

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Whether the commit feed has a record of `topic`. */
function hasCommit(lake: string, topic: string): boolean {
  const folder = join(lake, '.strata-feed', topic);
  return existsSync(folder) && readdirSync(folder, { recursive: true }).some((name) => String(name).endsWith('.json'));
}

/** Records the ingester has committed (written or rejected), from its /metrics. */
async function committed(port: number): Promise<number> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    let sum = 0;
    for (const match of text.matchAll(/^strata_ingest_records_consumed_total(?:\{[^}]*\})? (\S+)$/gm))
      sum += Number(match[1]);
    return sum;
  } catch {
    return 0;
  }
}

function readProduced(tallyFile: string): number | undefined {
  if (!existsSync(tallyFile)) return undefined;
  return (JSON.parse(readFileSync(tallyFile, 'utf8')) as { records: { total: number } }).records.total;
}

/** Resolves once `done` holds (checked every `everyMs`), or after `timeoutMs`. */
async function until(done: () => boolean | Promise<boolean>, everyMs: number, timeoutMs = Infinity): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, everyMs));
}
