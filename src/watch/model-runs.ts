/** The models of one watched run, each with the commits upstream of it that the run covered. */
import type { NodeResult } from '../artifacts/run-results-json.js';
import type { Session } from '../execution/session.js';
import type { CommitRecord } from '../feed/commit-record.js';
import { reachable } from '../graph/traverse.js';
import type { FeedLake } from './feed-topics.js';
import type { ModelRun } from './model-freshness.js';

/** Turns a run's results into ModelRuns; the topics upstream of each model are found once. */
export class ModelRuns {
  private readonly topics = new Map<string, Set<string>>();

  constructor(
    private readonly session: Session,
    private readonly lakes: readonly FeedLake[],
  ) {}

  /** One ModelRun per model among `results`; a model's commits are those of topics its sources read. */
  of(commits: readonly CommitRecord[], results: readonly NodeResult[]): ModelRun[] {
    const runs: ModelRun[] = [];
    for (const result of results) {
      const node = this.session.parsed.manifest.nodes.get(result.uniqueId);
      if (node?.resourceType !== 'model') continue;
      const topics = this.topicsUpstream(result.uniqueId);
      const completed = result.timings.map((timing) => timing.completedAt.getTime());
      runs.push({
        model: node.name,
        status: result.status,
        seconds: result.executionTime ?? 0,
        builtAt: completed.length > 0 ? Math.max(...completed) : Date.now(),
        commits: commits.filter((commit) => topics.has(commit.topic)),
        targetMs: node.config.freshnessTarget,
      });
    }
    return runs;
  }

  private topicsUpstream(id: string): Set<string> {
    let topics = this.topics.get(id);
    if (topics) return topics;
    const ancestors = reachable(this.session.graph, [id], 'ancestors');
    topics = new Set<string>();
    for (const lake of this.lakes)
      for (const [topic, sources] of lake.sources)
        if (sources.some((source) => ancestors.has(source))) topics.add(topic);
    this.topics.set(id, topics);
    return topics;
  }
}
