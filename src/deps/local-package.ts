/**
 * Local packages: a folder on this machine, linked into the install folder rather than
 * copied, as dbt does, so edits to it show without another `strata deps`.
 */
import fs from 'node:fs';

/** Link `dest` (absent) to the package folder `absPath`. */
export function linkLocalPackage(absPath: string, dest: string): void {
  // 'junction' matters on Windows only, where a plain directory link needs extra rights
  fs.symlinkSync(absPath, dest, process.platform === 'win32' ? 'junction' : 'dir');
}
