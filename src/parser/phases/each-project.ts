import type { ParsePhase } from '../manifest-builder.js';

/**
 * A phase that reads one project's files, run on the root project and then on each installed
 * package in turn (phases/packages.ts), so every file phase sees all projects before the next.
 */
export function eachProject(phase: ParsePhase): ParsePhase {
  const perProject: ParsePhase = (builder) => {
    phase(builder);
    for (const pkg of builder.packages) phase(pkg);
  };
  Object.defineProperty(perProject, 'name', { value: phase.name });
  return perProject;
}
