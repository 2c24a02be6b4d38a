/**
 * What the code `compileTemplate` generates depends on, besides the template: Strata's
 * templating modules (the parser, the syntax rewrites, the compiler and the runtime the
 * code calls) and nunjucks. Their fingerprint keys the template code cache, so a cache
 * written by any other build of Strata, even one with the same version number, is never read.
 */
import { hash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let fingerprint: string | undefined;

/** A hash of this folder's modules (as built: .js, or .ts when run from source) and nunjucks' version. */
export function templateCodeFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const folder = dirname(fileURLToPath(import.meta.url));
  const modules = readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(js|ts)$/.test(file))
    .sort();
  const nunjucksPackage = createRequire(import.meta.url).resolve('nunjucks/package.json');
  const parts = [
    `nunjucks ${(JSON.parse(readFileSync(nunjucksPackage, 'utf8')) as { version: string }).version}`,
    ...modules.flatMap((file) => [file, readFileSync(join(folder, file), 'utf8')]),
  ];
  fingerprint = hash('sha256', parts.join('\0'), 'base64');
  return fingerprint;
}
