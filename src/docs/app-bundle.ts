import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StrataError } from '../errors/strata-error.js';

/** The browser app as esbuild bundles it (`npm run build`): one script, one stylesheet. */
export interface AppBundle {
  js: string;
  css: string;
}

// This module runs as dist/src/docs/app-bundle.js (the CLI) or as src/docs/app-bundle.ts
// (tests run from source); the bundle is dist/docs-app/ in both layouts.
const CANDIDATES = ['../../docs-app', '../../dist/docs-app'];

/** Folder holding app.js and app.css, if the bundle has been built. */
export function findAppBundleDir(): string | undefined {
  return CANDIDATES.map((candidate) => fileURLToPath(new URL(candidate, import.meta.url))).find((dir) =>
    existsSync(join(dir, 'app.js')),
  );
}

/** Read the bundled app; a clear error names the fix when it was never built. */
export function loadAppBundle(dir: string | undefined = findAppBundleDir()): AppBundle {
  if (dir === undefined || !existsSync(join(dir, 'app.js'))) {
    throw new StrataError('The docs site app is not built: dist/docs-app/app.js is missing.', {
      hint: 'Run npm run build in the Strata repository, then strata docs generate again.',
    });
  }
  const css = join(dir, 'app.css');
  return { js: readFileSync(join(dir, 'app.js'), 'utf8'), css: existsSync(css) ? readFileSync(css, 'utf8') : '' };
}
