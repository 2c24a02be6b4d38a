/**
 * What the `Finished running ...` line lists, as dbt 1.11 writes it: each kind of node with
 * its count, in the order of the kinds' names (`1 seed, 1 test, 3 view models`).
 */

/** dbt's plurals that are not the name plus `s`: its data tests count as `1 test`, `2 data tests`. */
const PLURALS: Record<string, string> = { test: 'data_tests' };

/**
 * `2 exposures, 1 test, 3 view models` from counts by dbt's name of each kind (`view model`,
 * `test`, `unit_test`, `project hook`): sorted by that name, written with spaces for underscores.
 */
export function describeRanKinds(counts: Map<string, number>): string {
  return [...counts]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([kind, count]) => `${count} ${count === 1 ? kind : (PLURALS[kind] ?? `${kind}s`)}`.replaceAll('_', ' '))
    .join(', ');
}
