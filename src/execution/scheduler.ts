import { assertNoWaitCycle } from './wait-cycle.js';

/** What happened to one scheduled unit of work. */
export type UnitOutcome = 'success' | 'failure' | 'skipped';

export interface ScheduleOptions {
  /** how many units run at once */
  threads: number;
  /** ids in a stable topological order, and each id's prerequisites among them */
  order: string[];
  prerequisites: Map<string, string[]>;
  /** run one unit on worker `thread` (0-based); resolve 'failure' rather than throwing */
  execute(id: string, thread: number): Promise<'success' | 'failure'>;
  /** a unit that will not run because a prerequisite failed or the run was stopped */
  skip(id: string, cause: string | undefined): void;
  /** stop launching new units after the first failure */
  failFast?: boolean;
  /** aborts the run: nothing new starts, everything not started is skipped */
  signal?: AbortSignal;
  /** what a unit is called in messages (a cycle's), its id unless given */
  name?: (id: string) => string;
}

/**
 * A DAG-aware worker pool: a unit starts once all its prerequisites succeeded; a
 * failure skips everything that depends on it while independent work carries on.
 * Ready units start in topological order, so output and timing are reproducible.
 * Units waiting for each other in a cycle are an error before anything starts.
 */
export async function runSchedule(options: ScheduleOptions): Promise<Map<string, UnitOutcome>> {
  const { order, prerequisites } = options;
  assertNoWaitCycle(order, prerequisites, options.name);
  const outcomes = new Map<string, UnitOutcome>();
  const waitingOn = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  const position = new Map(order.map((id, index) => [id, index]));
  for (const id of order) {
    const prereqs = (prerequisites.get(id) ?? []).filter((p) => position.has(p));
    waitingOn.set(id, prereqs.length);
    for (const prereq of prereqs) {
      let list = dependents.get(prereq);
      if (!list) dependents.set(prereq, (list = []));
      list.push(id);
    }
  }
  // a min-heap would be asymptotically nicer; ready sets stay small, a sorted insert is enough
  const ready: string[] = order.filter((id) => waitingOn.get(id) === 0);
  let stopped = false;
  const stop = () => {
    stopped = true;
    wake();
  };
  options.signal?.addEventListener('abort', stop, { once: true });

  const skipDescendants = (id: string, cause: string) => {
    const stack = [...(dependents.get(id) ?? [])];
    while (stack.length) {
      const next = stack.pop()!;
      if (outcomes.has(next)) continue;
      outcomes.set(next, 'skipped');
      options.skip(next, cause);
      stack.push(...(dependents.get(next) ?? []));
    }
  };
  const release = (id: string) => {
    for (const dependent of dependents.get(id) ?? []) {
      const remaining = waitingOn.get(dependent)! - 1;
      waitingOn.set(dependent, remaining);
      if (remaining === 0 && !outcomes.has(dependent)) insertSorted(ready, dependent, position);
    }
  };

  const worker = async (thread: number) => {
    while (!stopped) {
      const id = ready.shift();
      if (id === undefined) {
        if (!(await idle())) return;
        continue;
      }
      if (outcomes.has(id)) continue;
      running++;
      const outcome = await options.execute(id, thread);
      running--;
      outcomes.set(id, outcome);
      if (outcome === 'success') release(id);
      else {
        skipDescendants(id, id);
        if (options.failFast) stopped = true;
      }
      wake();
    }
  };

  // Workers with nothing ready wait for a unit to finish; when nothing runs and nothing
  // is ready, the schedule is done.
  let running = 0;
  let waiters: Array<(more: boolean) => void> = [];
  const idle = () =>
    new Promise<boolean>((resolve) => {
      if (running === 0 && ready.length === 0) return resolve(false);
      waiters.push(resolve);
    });
  const wake = () => {
    const done = running === 0 && ready.length === 0;
    const current = waiters;
    waiters = [];
    for (const resolve of current) resolve(!done && !stopped);
  };

  await Promise.all(Array.from({ length: Math.max(1, options.threads) }, (_, thread) => worker(thread)));
  options.signal?.removeEventListener('abort', stop);
  for (const id of order) {
    if (!outcomes.has(id)) {
      outcomes.set(id, 'skipped');
      options.skip(id, undefined);
    }
  }
  return outcomes;
}

function insertSorted(list: string[], id: string, position: Map<string, number>): void {
  const rank = position.get(id)!;
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (position.get(list[mid]!)! < rank) low = mid + 1;
    else high = mid;
  }
  list.splice(low, 0, id);
}
