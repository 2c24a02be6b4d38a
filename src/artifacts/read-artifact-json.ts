import { existsSync, readFileSync } from 'node:fs';
import { StrataError } from '../errors/strata-error.js';

/**
 * An artifact of an earlier invocation (manifest.json, run_results.json, sources.json) read as
 * JSON for `--state`, `retry` and the selectors that compare with it. A missing file is
 * `missing` and an unreadable one names its path; both carry `hint`, the way to make the file.
 */
export function readArtifactJson(path: string, missing: string, hint: string): unknown {
  if (!existsSync(path)) throw new StrataError(missing, { hint });
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new StrataError(`${path} is not valid JSON: ${(error as Error).message}`, {
      location: { file: path },
      hint,
      cause: error,
    });
  }
}
