/** The models of one watched run, each with the commits upstream of it that the run covered. */
import type { NodeResult } from '../artifacts/run-results-json.js';
import type { Session } from '../execution/session.js';
import type { CommitRecord } from '../feed/commit-record.js';
import { reachable } from '../graph/traverse.js';
import type { FeedLake } from './feed-topics.js';
import type { ModelRun } from './model-freshness.js';

/** One ModelRun per model among `results`; a model's commits are those of topics its sources read. */
export function modelRuns(
  session: Session,
  lakes: readonly FeedLake[],
  commits: readonly CommitRecord[],
  results: readonly NodeResult[],
): ModelRun[] {
  const runs: ModelRun[] = [];
  for (const result of results) {
    const node = session.parsed.manifest.nodes.get(result.uniqueId);
    if (node?.resourceType !== 'model') continue;
    const ancestors = reachable(session.graph, [result.uniqueId], 'ancestors');
    const topics = new Set<string>();
    for (const lake of lakes)
      for (const [topic, sources] of lake.sources) if (sources.some((id) => ancestors.has(id))) topics.add(topic);
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
