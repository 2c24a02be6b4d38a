import { StrataError } from '../errors/strata-error.js';

/**
 * One cycle among the units of a schedule, as the path that starts and ends with the same
 * unit (`[a, b, a]`: a waits for b, which waits for a), or undefined when every unit can
 * start at some point. Prerequisites outside `order` are not waited for, so they do not
 * count. An iterative depth-first search: long chains do not overflow the call stack.
 */
export function findWaitCycle(order: readonly string[], prerequisites: Map<string, string[]>): string[] | undefined {
  const units = new Set(order);
  const waitsFor = (id: string) => (prerequisites.get(id) ?? []).filter((p) => units.has(p));
  const state = new Map<string, 'open' | 'done'>();
  for (const root of order) {
    if (state.has(root)) continue;
    state.set(root, 'open');
    const stack = [{ id: root, next: waitsFor(root), at: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (frame.at === frame.next.length) {
        state.set(frame.id, 'done');
        stack.pop();
        continue;
      }
      const prereq = frame.next[frame.at++]!;
      const seen = state.get(prereq);
      if (seen === 'open') return [...stack.slice(stack.findIndex((f) => f.id === prereq)).map((f) => f.id), prereq];
      if (seen === undefined) {
        state.set(prereq, 'open');
        stack.push({ id: prereq, next: waitsFor(prereq), at: 0 });
      }
    }
  }
  return undefined;
}

/**
 * Throws when the units wait for each other in a circle, naming them (`name` turns a unit
 * into what the user wrote), rather than leaving them unrun: nothing in a cycle could start.
 */
export function assertNoWaitCycle(
  order: readonly string[],
  prerequisites: Map<string, string[]>,
  name: (id: string) => string = (id) => id,
): void {
  const cycle = findWaitCycle(order, prerequisites);
  if (!cycle) return;
  // the path runs from a unit to what it waits for; shown, as the graph's cycles are, parents first
  const path = [...cycle].reverse();
  throw new StrataError(`Found a cycle: ${path.join(' -> ')} (${path.map(name).join(' -> ')})`, {
    hint:
      'An arrow x -> y means y runs after x. None of these nodes could ever start: ' +
      'remove or redirect one of the dependencies between them.',
  });
}
