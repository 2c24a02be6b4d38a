/**
 * Ctrl-C for commands that stop part-way: the first signal asks the work to stop (it
 * finishes cleanly: cancels queries, writes what it has), a second one exits at once.
 */
import { EXIT_INTERRUPTED } from './exit-codes.js';

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * Runs `work` with a signal aborted by the first of `signals`; a second one exits the
 * process with 130 without waiting. The listeners are gone once `work` settles.
 */
export async function interruptible<T>(
  work: (signal: AbortSignal) => Promise<T>,
  signals: readonly NodeJS.Signals[] = STOP_SIGNALS,
): Promise<T> {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    controller.abort();
  };
  for (const name of signals) process.on(name, onSignal);
  try {
    return await work(controller.signal);
  } finally {
    for (const name of signals) process.off(name, onSignal);
  }
}

/** Resolves on the first SIGINT or SIGTERM: for a command that serves until stopped. */
export function untilInterrupted(): Promise<void> {
  return interruptible((signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve())));
}
