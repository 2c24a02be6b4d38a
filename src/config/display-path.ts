import os from 'node:os';
import path from 'node:path';

/**
 * How a file is named in messages: project-relative with `/` separators when inside the
 * project (`models/staging/schema.yml`), else absolute with the home folder shown as `~`
 * (`~/.strata/profiles.yml`), so messages stay short and machine-independent.
 */
export function displayPath(absPath: string, projectRoot: string): string {
  const relative = path.relative(projectRoot, absPath);
  if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) {
    return relative.split(path.sep).join('/');
  }
  const home = os.homedir();
  if (home && (absPath === home || absPath.startsWith(home + path.sep))) {
    return `~${absPath.slice(home.length).split(path.sep).join('/')}`;
  }
  return absPath;
}
