/**
 * The SIGKILL loop the ingester's crash proofs share: `strata ingest` started with slowed
 * writes, killed -9 at a random point once it has committed something of its own, and
 * what the lake holds past the commit looked at after each kill.
 */
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { IngesterProcess, committedCount, sleep, waitUntil } from '../../support/ingest-harness.js';
import type { KafkaSuite } from './kafka-suite.js';

/** Preloaded into the ingester to make file writes slow; see the file. */
const SLOW_STORAGE = fileURLToPath(new URL('./slow-storage.mjs', import.meta.url));

/** One killed run. */
export interface KilledRun {
  /** how long after the run joined the group it was killed */
  afterMs: number;
  /** records the group had committed in all after the kill */
  committed: number;
  /** what `pastCommit` counted after the kill */
  pastCommit: number;
}

/** The committed offset of each partition of `topic`. */
async function committedOffsets(suite: KafkaSuite, groupId: string, topic: string): Promise<Map<number, number>> {
  const [offsets] = await suite.admin.fetchOffsets({ groupId, topics: [topic] });
  return new Map((offsets?.partitions ?? []).map(({ partition, offset }) => [partition, Number(offset)]));
}

/**
 * Run the ingester of `config` `kills` times on `topic`, each run killed -9 while it works;
 * after each kill `pastCommit` counts what the lake holds at or past each partition's
 * committed offset (the committed offsets by partition are given). The first run is killed
 * the moment the lake holds a file past the commit, so the proof always covers a crash
 * between a flush's writes and its commit; the others at a random point.
 */
export async function killMidFlush(options: {
  suite: KafkaSuite;
  config: string;
  groupId: string;
  topic: string;
  kills: number;
  pastCommit: (committed: Map<number, number>) => number;
}): Promise<KilledRun[]> {
  const { admin } = options.suite;
  const { config, groupId, topic } = options;
  const runs: KilledRun[] = [];
  for (let kill = 0; kill < options.kills; kill += 1) {
    // Slow writes (each file acknowledged 150 ms after it is in place) keep the ingester
    // busy draining for seconds, most of it between a flush's writes and its commit. The
    // first run's are slower still (1 s), a window no poll on a loaded machine misses.
    const writeDelayMs = kill === 0 ? 1_000 : 150;
    const ingester = await IngesterProcess.start(config, {
      timeoutMs: 60_000,
      env: { NODE_OPTIONS: `--import=${SLOW_STORAGE}`, STRATA_TEST_WRITE_DELAY_MS: String(writeDelayMs) },
    });
    const joined = Date.now();
    // Kill only once this run has committed something of its own (on a loaded machine the
    // join and first flush take seconds), then at a random point of the flushes that follow.
    const before = await committedCount(admin, groupId, topic);
    await waitUntil(
      async () => (await committedCount(admin, groupId, topic)) > before,
      60_000,
      `run ${kill + 1} to commit`,
    );
    if (kill === 0) {
      // Slowed writes hold each flush for a second or more between its first write and its
      // commit; polling (a listing of names) catches one with files in place. The
      // offsets are read again after the lake: a commit in between would make a committed
      // file look uncommitted.
      await waitUntil(
        async () => {
          const committed = await committedOffsets(options.suite, groupId, topic);
          const past = options.pastCommit(committed);
          const after = await committedOffsets(options.suite, groupId, topic);
          return past > 0 && [...committed].every(([partition, offset]) => after.get(partition) === offset);
        },
        60_000,
        `run ${kill + 1} to write past its commit`,
        20,
      );
    } else {
      await sleep(Math.random() * 1_500);
    }
    ingester.kill('SIGKILL');
    expect((await ingester.exited).signal).toBe('SIGKILL');
    const afterMs = Date.now() - joined;
    const committed = await committedOffsets(options.suite, groupId, topic);
    runs.push({
      afterMs,
      committed: await committedCount(admin, groupId, topic),
      pastCommit: options.pastCommit(committed),
    });
  }
  return runs;
}
