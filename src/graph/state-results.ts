/**
 * What `result:` and `source_status:` compare: the statuses of the previous run's
 * run_results.json, and the freshness in the previous and the current sources.json.
 * Each file is read once per state, when a selector first needs it.
 */
import { join } from 'node:path';
import { readArtifactJson } from '../artifacts/read-artifact-json.js';
import { StrataError } from '../errors/strata-error.js';
import type { PreviousState } from './state.js';

const resultsCache = new WeakMap<PreviousState, Map<string, string>>();
const fresherCache = new WeakMap<PreviousState, Set<string>>();

/** Unique id -> status (`success`, `error`, `fail`, `warn`, `skipped`, `pass`) of the state's run_results.json. */
export function previousResults(state: PreviousState): Map<string, string> {
  let statuses = resultsCache.get(state);
  if (statuses === undefined) {
    const path = join(stateFolder(state), 'run_results.json');
    const results = readResults(
      path,
      'run_results.json',
      'Run `strata build` (or run, test, seed) with that target first.',
    );
    statuses = new Map(results.map((result) => [String(result.unique_id), String(result.status)]));
    resultsCache.set(state, statuses);
  }
  return statuses;
}

/**
 * dbt's `source_status:fresher`: sources whose newest loaded-at time in the current
 * sources.json is later than in the state's, or that the state did not measure; a
 * source whose check failed in either is left out.
 */
export function fresherSources(state: PreviousState): Set<string> {
  let fresher = fresherCache.get(state);
  if (fresher !== undefined) return fresher;
  const hint = 'Run `strata source freshness` first: it writes sources.json to the target folder.';
  const previous = loadedAtTimes(readResults(join(stateFolder(state), 'sources.json'), 'sources.json', hint));
  const currentDir = state.currentTargetDir ?? stateFolder(state);
  const current = loadedAtTimes(readResults(join(currentDir, 'sources.json'), 'sources.json', hint));
  fresher = new Set<string>();
  for (const [id, loadedAt] of current) {
    const before = previous.get(id);
    if (loadedAt === null || before === null) continue;
    if (before === undefined || loadedAt > before) fresher.add(id);
  }
  fresherCache.set(state, fresher);
  return fresher;
}

/** Newest loaded-at time in ms by unique id; null after a runtime error. */
function loadedAtTimes(results: Array<Record<string, unknown>>): Map<string, number | null> {
  const times = new Map<string, number | null>();
  for (const result of results) {
    const time = typeof result.max_loaded_at === 'string' ? Date.parse(result.max_loaded_at) : NaN;
    times.set(String(result.unique_id), Number.isNaN(time) ? null : time);
  }
  return times;
}

function stateFolder(state: PreviousState): string {
  return state.stateDir ?? state.manifestPath.replace(/[/\\]manifest\.json$/, '');
}

function readResults(path: string, name: string, hint: string): Array<Record<string, unknown>> {
  const json = readArtifactJson(path, `No ${name} at ${path} to compare with`, hint);
  const results = typeof json === 'object' && json !== null ? (json as { results?: unknown }).results : undefined;
  if (!Array.isArray(results)) {
    throw new StrataError(`${path} is not a ${name}: it has no "results" list`, { location: { file: path }, hint });
  }
  return results.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null);
}
