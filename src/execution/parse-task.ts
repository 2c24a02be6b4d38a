import { resolve } from 'node:path';
import { newInvocation } from '../artifacts/invocation-metadata.js';
import { targetNaming } from '../artifacts/artifact-relation.js';
import { manifestToJson } from '../artifacts/manifest-json.js';
import { writeManifest } from '../artifacts/write-artifacts.js';
import { displayPath } from '../config/display-path.js';
import { loadSelectorsFile } from '../graph/selectors-file.js';
import { foundSummary } from './found-summary.js';
import { loadSession, type Session, type SessionOptions } from './session.js';

/** What `strata parse` did: the session it parsed, where manifest.json went, how long it took. */
export interface ParseOutcome {
  session: Session;
  /** manifest.json, as the user would type it (project-relative when inside the project) */
  manifestPath: string;
  /** `Found 3 models, ...` */
  summary: string;
  seconds: number;
}

/**
 * dbt's `parse`: read every file of the project, check it and write target/manifest.json,
 * without a warehouse connection (the profile is read for the target's type and schema only).
 * Nothing is compiled, so no node has compiled SQL in this manifest.
 */
export async function parseTask(options: SessionOptions): Promise<ParseOutcome> {
  const started = performance.now();
  const session = loadSession(options);
  // selectors.yml is part of the project: checked here as the selecting commands check it
  loadSelectorsFile(session.project.rootDir);
  const targetDir = resolve(session.project.rootDir, session.project.targetPath);
  const path = await writeManifest(
    targetDir,
    manifestToJson(session.parsed.manifest, {
      ...newInvocation(),
      ...targetNaming(session.target, session.dialect),
      runStartedAt: session.parsed.context.invocation.runStartedAt,
      targetPath: session.project.targetPath,
    }),
  );
  return {
    session,
    manifestPath: displayPath(path, session.project.rootDir),
    summary: foundSummary(session.parsed.manifest),
    seconds: (performance.now() - started) / 1000,
  };
}
