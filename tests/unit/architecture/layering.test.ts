import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layering DESIGN.md draws: lower folders never import upper ones. A rule names the folder
 * whose files are checked and the folders they must not reach.
 */
const RULES: { from: string; mustNotImport: string[] }[] = [
  { from: 'src/adapters', mustNotImport: ['src/materializations', 'src/execution', 'src/cli'] },
  { from: 'src/materializations', mustNotImport: ['src/execution', 'src/cli'] },
  { from: 'src/execution', mustNotImport: ['src/cli'] },
  { from: 'src/docs', mustNotImport: ['src/cli'] },
  { from: 'src/artifacts', mustNotImport: ['src/cli', 'src/execution'] },
  { from: 'src/parser', mustNotImport: ['src/materializations', 'src/execution', 'src/cli'] },
  { from: 'src/unit-tests', mustNotImport: ['src/materializations', 'src/execution', 'src/cli'] },
  // Shared by the AWS adapters and the ingester: it may use the adapters' error types, never an adapter.
  {
    from: 'src/aws',
    mustNotImport: ['src/adapters/athena', 'src/adapters/redshift', 'src/materializations', 'src/execution', 'src/cli'],
  },
];

/** The engine never needs the ingester (DESIGN.md); only the CLI wires `strata ingest` and `generate`. */
const ENGINE_FOLDERS = readdirSync(new URL('../../../src', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'cli')
  .map((entry) => `src/${entry.name}`);

const ROOT = resolve(import.meta.dirname, '../../..');
const IMPORT = /^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/gm;

function sourceFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(join(ROOT, dir), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Repository-relative targets of a file's relative imports. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(IMPORT)]
    .map((match) => match[1] ?? match[2] ?? match[3]!)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) =>
      relative(ROOT, resolve(ROOT, file, '..', specifier))
        .split(sep)
        .join('/'),
    );
}

describe('layering', () => {
  it.each(ENGINE_FOLDERS)('%s imports nothing from ingest/, tests/ or bench/', (from) => {
    const violations = sourceFiles(from).flatMap((file) =>
      importsOf(file)
        .filter((target) => /^(ingest|tests|bench)\//.test(target))
        .map((target) => `${file} -> ${target}`),
    );
    expect(violations).toEqual([]);
  });

  it.each(RULES)('$from imports nothing from $mustNotImport', ({ from, mustNotImport }) => {
    const files = sourceFiles(from);
    expect(files.length).toBeGreaterThan(0);
    const violations = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => mustNotImport.some((folder) => target === folder || target.startsWith(`${folder}/`)))
        .map((target) => `${file} -> ${target}`),
    );
    expect(violations).toEqual([]);
  });
});
