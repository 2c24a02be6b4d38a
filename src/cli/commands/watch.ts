/**
 * `strata run --watch` and `strata build --watch`: the task, again each time the
 * ingester's commit feed grows (src/watch/watch-runner.ts). Pushes from each ingester's
 * `/commits` stream (`--feed-url`) wake it at once; it also reads the feed every
 * `--poll-interval` seconds, in case a push is lost. The first SIGINT or SIGTERM stops
 * after the run in flight (exit 0), a second cancels that run (130), a third exits at once.
 * With `--metrics-port`, each model's freshness and runs are served on `/metrics`.
 */
import { StrataError } from '../../errors/strata-error.js';
import { CommitPush } from '../../feed/commit-push.js';
import { Reporter } from '../../execution/reporter.js';
import type { Session } from '../../execution/session.js';
import { watch, type WatchOptions } from '../../watch/watch-runner.js';
import { metricsPort, serveWatchMetrics } from '../../watch/metrics-server.js';
import { WatchMetrics } from '../../watch/watch-metrics.js';
import { Wakeups } from '../../watch/wakeups.js';
import { EXIT_INTERRUPTED, EXIT_SUCCESS } from '../exit-codes.js';

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

export interface WatchFlags {
  /** the `/commits` stream of each ingester instance */
  feedUrl?: string[];
  pollInterval?: string;
  /** serve the models' metrics on this port */
  metricsPort?: string;
  metricsHost?: string;
}

/** The seconds of `--poll-interval`, checked. */
export function pollMilliseconds(text: string | undefined): number {
  if (text === undefined) return 1_000;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new StrataError(`--poll-interval must be a number of seconds above 0, got '${text}'`, {
      hint: 'For example: --poll-interval 0.5',
    });
  return seconds * 1000;
}

/** Watch until a signal; the exit code. */
export async function runWatchCommand(
  session: Session,
  task: WatchOptions['task'],
  flags: WatchFlags,
  reporter = new Reporter(),
): Promise<number> {
  const pollMs = pollMilliseconds(flags.pollInterval);
  const metrics = new WatchMetrics();
  const host = flags.metricsHost ?? '127.0.0.1';
  const server =
    flags.metricsPort === undefined
      ? undefined
      : await serveWatchMetrics(metrics, host, metricsPort(flags.metricsPort));
  if (server) reporter.info(`Serving model freshness metrics on http://${host}:${server.port}/metrics`);
  const stop = new AbortController();
  const cancel = new AbortController();
  const wakeups = new Wakeups();
  const pushes = (flags.feedUrl ?? []).map(
    (url) =>
      new CommitPush(
        url,
        () => wakeups.wake(),
        (problem) => reporter.warning(`commit push: ${problem}; reading the feed every poll interval meanwhile`),
      ),
  );
  const onSignal = (): void => {
    if (cancel.signal.aborted) process.exit(EXIT_INTERRUPTED);
    if (stop.signal.aborted) {
      cancel.abort();
      return;
    }
    reporter.colored('yellow', 'Stopping after the run in flight (again to cancel it)...');
    stop.abort();
  };
  for (const name of STOP_SIGNALS) process.on(name, onSignal);
  try {
    await watch(session, { task, pollMs, wakeups, stop: stop.signal, cancel: cancel.signal, metrics }, reporter);
  } finally {
    for (const name of STOP_SIGNALS) process.off(name, onSignal);
    for (const push of pushes) push.close();
    await server?.close();
  }
  return cancel.signal.aborted ? EXIT_INTERRUPTED : EXIT_SUCCESS;
}
