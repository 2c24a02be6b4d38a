/**
 * The Prometheus metrics of `--watch`, per model (label `model`): freshness, the latency
 * of the last batch, the freshness target and its misses, and run counts and durations.
 * Freshness is computed at each scrape from the newest event time the feed recorded.
 */
import { Counter, Gauge, MetricsRegistry } from '../ops/prometheus.js';
import { ModelFreshness, type FreshnessAfterRun, type ModelRun } from './model-freshness.js';

/** The watcher's metrics; `record` each model of each run. */
export class WatchMetrics {
  readonly registry = new MetricsRegistry();
  readonly freshness = new ModelFreshness();
  private readonly runs: Counter;
  private readonly runSeconds: Counter;
  private readonly lastRunSeconds: Gauge;
  private readonly misses: Counter;

  constructor(now: () => number = Date.now) {
    const models = this.freshness.models();
    const fromState = (pick: (name: string) => number | undefined) => (gauge: Gauge) => {
      for (const name of models.keys()) {
        const value = pick(name);
        if (value !== undefined) gauge.set({ model: name }, value);
      }
    };
    this.registry.register(
      new Gauge(
        'strata_model_freshness_seconds',
        'Seconds since the newest event time the model contains (from the commits its runs covered)',
        fromState((name) => this.freshness.freshnessSeconds(name, now())),
      ),
    );
    this.registry.register(
      new Gauge(
        'strata_model_newest_event_timestamp_seconds',
        'Unix time of the newest event the model contains',
        fromState((name) => {
          const ms = models.get(name)?.newestEventMs;
          return ms === undefined ? undefined : ms / 1000;
        }),
      ),
    );
    this.registry.register(
      new Gauge(
        'strata_model_event_latency_seconds',
        "Seconds from the last batch's newest event time to the end of the model's build",
        fromState((name) => models.get(name)?.eventLatencySeconds),
      ),
    );
    this.registry.register(
      new Gauge(
        'strata_model_ingest_latency_seconds',
        "Seconds from the last batch's ingestion (commit recorded) to the end of the model's build",
        fromState((name) => models.get(name)?.ingestLatencySeconds),
      ),
    );
    this.registry.register(
      new Gauge(
        'strata_model_freshness_target_seconds',
        "The model's freshness_target",
        fromState((name) => {
          const ms = models.get(name)?.targetMs;
          return ms === undefined ? undefined : ms / 1000;
        }),
      ),
    );
    this.registry.register(
      new Gauge(
        'strata_model_freshness_target_missed',
        '1 when the last run left the model staler than its freshness_target, else 0',
        fromState((name) => {
          const state = models.get(name);
          return state?.targetMs === undefined ? undefined : Number(state.missed);
        }),
      ),
    );
    this.misses = this.registry.register(
      new Counter('strata_model_freshness_target_misses_total', 'Runs after which the model missed its target'),
    );
    this.runs = this.registry.register(
      new Counter('strata_model_runs_total', 'Runs of the model by the watcher, by status (success, error, skipped)'),
    );
    this.runSeconds = this.registry.register(
      new Counter('strata_model_run_duration_seconds_total', "Seconds spent building the model in the watcher's runs"),
    );
    this.lastRunSeconds = this.registry.register(
      new Gauge('strata_model_last_run_duration_seconds', "Seconds the model's last build took"),
    );
  }

  /** Take in one model's run; returns its freshness after the run (and the warning, if it missed). */
  record(run: ModelRun): FreshnessAfterRun {
    const labels = { model: run.model };
    this.runs.inc({ ...labels, status: run.status });
    if (run.status !== 'skipped') {
      this.runSeconds.inc(labels, run.seconds);
      this.lastRunSeconds.set(labels, run.seconds);
    }
    const after = this.freshness.record(run);
    if (after.missed !== undefined) this.misses.inc(labels);
    return after;
  }
}
