/**
 * How fresh each watched model is, from the commit feed alone: a model contains the
 * events of the commits upstream of it that its successful runs covered, so its newest
 * event time is the largest `max_event_time` among them, and its freshness at any
 * moment is `now - newest event time`. No warehouse query is needed to know it.
 */
import type { NodeStatus } from '../artifacts/run-results-json.js';
import { formatDuration } from '../config/duration.js';
import type { CommitRecord } from '../feed/commit-record.js';

/** What one watched run did to one model. */
export interface ModelRun {
  /** the model's name (the metrics' `model` label) */
  model: string;
  status: NodeStatus;
  /** wall seconds of its build */
  seconds: number;
  /** when its build completed (ms since the epoch) */
  builtAt: number;
  /** the commits upstream of the model that the run covered */
  commits: readonly CommitRecord[];
  /** its `freshness_target` (ms), if any */
  targetMs?: number;
}

/** The freshness of one model after a run, and the latency of the batch it built. */
export interface FreshnessAfterRun {
  /** seconds from its newest event to the end of the run; undefined before any commit */
  freshnessSeconds?: number;
  /** seconds from the batch's newest event time to the end of the run */
  eventLatencySeconds?: number;
  /** seconds from the batch's last ingestion to the end of the run */
  ingestLatencySeconds?: number;
  /** set when the freshness exceeds the model's target: the warning to log */
  missed?: string;
}

/** What is known of one model. */
export interface ModelState {
  /** its newest event time (ms since the epoch), once a successful run covered a commit */
  newestEventMs?: number;
  /** latencies of the last batch it built from commits */
  eventLatencySeconds?: number;
  ingestLatencySeconds?: number;
  targetMs?: number;
  /** whether the last successful run left it staler than its target */
  missed: boolean;
}

/** The newest time among ISO timestamps, or undefined when there are none. */
function newest(times: readonly (string | null)[]): number | undefined {
  const values = times.flatMap((time) => (time === null ? [] : [Date.parse(time)])).filter(Number.isFinite);
  return values.length === 0 ? undefined : Math.max(...values);
}

/** Per-model freshness, updated after each watched run. */
export class ModelFreshness {
  private readonly states = new Map<string, ModelState>();

  /** Take in one model's run; a failed or skipped run leaves what the model contains as it was. */
  record(run: ModelRun): FreshnessAfterRun {
    const state = this.states.get(run.model) ?? { missed: false };
    state.targetMs = run.targetMs;
    this.states.set(run.model, state);
    if (run.status !== 'success') return {};
    const batchEvent = newest(run.commits.map((commit) => commit.max_event_time));
    const batchIngest = newest(run.commits.map((commit) => commit.ingested_at));
    if (batchEvent !== undefined) {
      state.newestEventMs = Math.max(state.newestEventMs ?? batchEvent, batchEvent);
      state.eventLatencySeconds = (run.builtAt - batchEvent) / 1000;
    }
    if (batchIngest !== undefined) state.ingestLatencySeconds = (run.builtAt - batchIngest) / 1000;
    const after: FreshnessAfterRun = {
      eventLatencySeconds: state.eventLatencySeconds,
      ingestLatencySeconds: state.ingestLatencySeconds,
    };
    if (state.newestEventMs === undefined) return after;
    after.freshnessSeconds = (run.builtAt - state.newestEventMs) / 1000;
    state.missed = run.targetMs !== undefined && after.freshnessSeconds * 1000 > run.targetMs;
    if (state.missed)
      after.missed =
        `model ${run.model} missed its freshness target: its newest event is ` +
        `${after.freshnessSeconds.toFixed(1)}s old after the run (target ${formatDuration(run.targetMs!)})`;
    return after;
  }

  /** Seconds from the model's newest event to `now`; undefined before any commit reached it. */
  freshnessSeconds(model: string, now: number): number | undefined {
    const newestMs = this.states.get(model)?.newestEventMs;
    return newestMs === undefined ? undefined : (now - newestMs) / 1000;
  }

  /** Every model seen so far, by name. */
  models(): ReadonlyMap<string, Readonly<ModelState>> {
    return this.states;
  }
}
