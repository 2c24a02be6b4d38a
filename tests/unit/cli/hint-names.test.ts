import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../../src/cli/main.js';
import { BUILTIN_MACROS } from '../../../src/templating/builtin-macros.js';

/**
 * Every `--flag` that strata's messages, hints and docs comments name is an option the CLI
 * really has (one named after `strata <command>` is an option of that command), and every
 * `{{ name(...) }}` they show is a function templates can call. A hint that sends the user
 * to a flag or macro that does not exist is worse than no hint.
 */
const REPO = resolve(import.meta.dirname, '../../..');
const ROOTS = ['src', 'ingest'];
/**
 * browser code of the docs site (its `--name`s are CSS custom properties), and the live
 * example's own script (`npm run example:live`), whose flags are its own
 */
const NOT_CLI = new Set([join(REPO, 'src/docs/app'), join(REPO, 'ingest/live')]);

/** Long flags by command path (`run`, `docs serve`), and all of them under ''. */
function optionsByCommand(): Map<string, Set<string>> {
  const byCommand = new Map<string, Set<string>>([['', new Set(['--help', '--version'])]]);
  const visit = (command: Command, path: string[]) => {
    for (const sub of command.commands) {
      const subPath = [...path, sub.name()];
      const flags = new Set(['--help']);
      for (const option of sub.options) {
        if (option.long) flags.add(option.long);
        // commander's `--no-x` also means `--x` is understood when the option defaults to true
        if (option.negate && option.long) flags.add(option.long.replace(/^--no-/, '--'));
      }
      byCommand.set(subPath.join(' '), flags);
      for (const flag of flags) byCommand.get('')!.add(flag);
      visit(sub, subPath);
    }
  };
  visit(
    createProgram(() => undefined),
    [],
  );
  return byCommand;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return NOT_CLI.has(path) ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

interface FlagMention {
  where: string;
  flag: string;
  /** the command named just before the flag (`strata compile --target-path`), if any */
  command?: string;
}

/** What templates can call: the context functions and the built-in macros. */
const TEMPLATE_FUNCTIONS = new Set([
  'ref',
  'source',
  'config',
  'var',
  'env_var',
  'is_incremental',
  'return',
  'namespace',
  'tojson',
  'fromjson',
  // in descriptions only (templating/description-renderer.ts)
  'doc',
  ...Object.keys(BUILTIN_MACROS),
]);
/** dbt's own macro, written into manifest.json's raw code for dbt's tools, not shown to users as advice */
const DBT_ARTIFACT_MACROS = new Set(['get_where_subquery']);

function macroMentions(): Array<{ where: string; name: string }> {
  const mentions: Array<{ where: string; name: string }> = [];
  for (const file of ROOTS.flatMap((root) => sourceFiles(join(REPO, root)))) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        for (const match of line.matchAll(/\{\{-?\s*([a-z_][a-z0-9_]*)\(/g))
          mentions.push({ where: `${relative(REPO, file)}:${index + 1}`, name: match[1]! });
      });
  }
  return mentions;
}

function flagMentions(): FlagMention[] {
  const mentions: FlagMention[] = [];
  for (const file of ROOTS.flatMap((root) => sourceFiles(join(REPO, root)))) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        // a flag is preceded by a space, a quote or a parenthesis, and is not a decrement (`--count[i]`)
        for (const match of line.matchAll(/(?<=^|[\s'"`(])--([a-z][a-z0-9-]*)(?![\w[\]-])/g)) {
          const before = line.slice(0, match.index);
          const command = /\bstrata ((?:docs )?[a-z]+)(?: [^'"`]*)?$/.exec(before)?.[1];
          mentions.push({ where: `${relative(REPO, file)}:${index + 1}`, flag: `--${match[1]}`, command });
        }
      });
  }
  return mentions;
}

describe('flags and functions named in messages and hints', () => {
  const options = optionsByCommand();
  const mentions = flagMentions();

  it('finds the CLI options and the mentions', () => {
    expect(options.get('run')).toContain('--full-refresh');
    expect(options.get('docs serve')).toContain('--port');
    expect(mentions.some((mention) => mention.flag === '--state')).toBe(true);
  });

  it('every flag named exists, on the command named with it', () => {
    const wrong = mentions
      .filter((mention) => !(options.get(mention.command ?? '') ?? options.get(''))!.has(mention.flag))
      .map((mention) => `${mention.where}: ${mention.command ? `strata ${mention.command} ` : ''}${mention.flag}`);
    expect(wrong).toEqual([]);
  });

  it('every {{ function() }} shown is one templates can call', () => {
    const macros = macroMentions();
    expect(macros.some((mention) => mention.name === 'env_var')).toBe(true);
    const wrong = macros.filter(
      (mention) => !TEMPLATE_FUNCTIONS.has(mention.name) && !DBT_ARTIFACT_MACROS.has(mention.name),
    );
    expect(wrong.map((mention) => `${mention.where}: ${mention.name}()`)).toEqual([]);
  });
});
