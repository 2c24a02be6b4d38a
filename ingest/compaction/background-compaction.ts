/**
 * The ingester's background compaction (`compaction.interval` in the ingest config): a
 * pass of `strata lake compact` every interval, one at a time, bounded by the group's
 * committed offsets like the command. A failed pass is logged and the next one tries
 * again. Stopping does not wait for a running pass, so shutdown keeps its bound: a pass
 * cut short leaves nothing a reader would notice, and the next one finishes it (CONTEXT.md).
 */
import type { IngestConfig } from '../config/ingest-config.js';
import type { Logger } from '../ops/logger.js';
import { COMPACTION_DEFAULTS, type CompactionOptions } from './compaction-options.js';
import type { CompactionSummary } from './lake-compactor.js';

export interface BackgroundCompaction {
  /** Stop scheduling passes (a running one is left to end or be cut short with the process). */
  stop(): Promise<void>;
}

/** One pass over the lake; run-compact.ts's by default, a test may count its own. */
export type CompactionPass = (
  config: IngestConfig,
  options: CompactionOptions,
  logger: Logger,
) => Promise<CompactionSummary>;

/** Start compacting every `compaction.interval`; undefined when the config sets none. */
export function startBackgroundCompaction(
  config: IngestConfig,
  logger: Logger,
  pass: CompactionPass = defaultPass,
): BackgroundCompaction | undefined {
  const intervalMs = config.compaction.intervalMs;
  if (!intervalMs) return undefined;
  const log = logger.child({ component: 'compaction' });
  const options: CompactionOptions = {
    latenessMs: config.compaction.latenessMs ?? COMPACTION_DEFAULTS.latenessMs,
    targetFileBytes: config.compaction.targetFileBytes ?? COMPACTION_DEFAULTS.targetFileBytes,
    retentionMs: config.compaction.retentionMs ?? COMPACTION_DEFAULTS.retentionMs,
    gzipLevel: config.gzipLevel,
  };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      void pass(config, options, log)
        .then(
          () => undefined,
          (error: unknown) => log.warn('compaction pass failed; the next one tries again', { error }),
        )
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

async function defaultPass(config: IngestConfig, options: CompactionOptions, logger: Logger) {
  const { compactConfiguredLake } = await import('./run-compact.js');
  return compactConfiguredLake(config, options, logger, false);
}
