/**
 * Reading one YAML file into a plain JS value while keeping the document around, so
 * that any later validation error can name the 1-based line of the offending key.
 */
import fs from 'node:fs';
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import { StrataError } from '../errors/strata-error.js';
import type { SourceLocation } from '../errors/strata-error.js';
import { displayPath } from './display-path.js';
import { quickParseYaml } from './yaml-quick-parse.js';

/** A path into a YAML value: map keys and list indexes, e.g. `['models', 0, 'columns', 2]`. */
export type YamlPath = ReadonlyArray<string | number>;

/** A parsed YAML file that can locate any of its nodes. */
export interface YamlFile {
  absPath: string;
  /** project-relative path (or `~/...` when outside the project), for messages */
  file: string;
  /** the document as plain JS (maps are objects); `null` for an empty file */
  value: unknown;
  /** whether the text holds `{{` or `{%` anywhere: values without are never rendered */
  holdsJinja: boolean;
  /**
   * 1-based line of the node at `path`: the line of the key for a map entry, the line of
   * the item for a list entry; the closest existing ancestor when the path does not exist.
   */
  lineOf(path: YamlPath): number;
  /** `{ file, line }` of the node at `path`. */
  at(path: YamlPath): SourceLocation;
  /** A StrataError located at `path`, for the caller to throw. */
  error(path: YamlPath, message: string, hint?: string): StrataError;
}

const SYNTAX_HINT = 'Check the indentation (spaces, not tabs) and quote values that contain ": ", "#", "{" or "[".';

/** Read and parse a YAML file; syntax errors and duplicate keys become StrataErrors. */
export function loadYamlFile(absPath: string, projectRoot: string): YamlFile {
  const file = displayPath(absPath, projectRoot);
  let text: string;
  try {
    text = fs.readFileSync(absPath, 'utf8');
  } catch (cause) {
    throw new StrataError(`Cannot read ${file}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, {
      location: { file },
      hint: 'Check that the file exists and is readable.',
      cause,
    });
  }
  return parseYamlText(text, absPath, file);
}

/** Parse YAML text already in memory; `file` is the name used in messages. */
export function parseYamlText(text: string, absPath: string, file: string): YamlFile {
  const quick = quickParseYaml(text);
  if (quick) return yamlFile(absPath, file, text, quick.value, quick.lineOf);
  return parseYamlDocument(text, absPath, file);
}

/** A parsed file from its value and the line finder of whichever reader read it. */
function yamlFile(absPath: string, file: string, text: string, value: unknown, lineOf: YamlFile['lineOf']): YamlFile {
  const parsed: YamlFile = {
    absPath,
    file,
    value,
    holdsJinja: text.includes('{{') || text.includes('{%'),
    lineOf,
    at: (path) => ({ file, line: lineOf(path) }),
    error: (path, message, hint) => new StrataError(message, { location: parsed.at(path), hint }),
  };
  return parsed;
}

/** The full reader: the `yaml` document model, which explains every mistake at its line. */
export function parseYamlDocument(text: string, absPath: string, file: string): YamlFile {
  const lineCounter = new LineCounter();
  // prettyErrors off: the pretty form quotes the source line, which could print a secret.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, merge: true, uniqueKeys: true });
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;

  const first = doc.errors[0];
  if (first) {
    const line = lineAt(first.pos[0]);
    if (first.code === 'DUPLICATE_KEY') {
      const key = keyAt(doc, first.pos[0]) ?? text.slice(first.pos[0]).split(/[:\n]/)[0]?.trim() ?? '';
      throw new StrataError(`Duplicate key "${key}"`, {
        location: { file, line },
        hint: `A map may set each key only once; remove or merge the repeated "${key}".`,
      });
    }
    const sourceLine = text.split(/\r?\n/)[line - 1] ?? '';
    const hint = sourceLine.includes('{{')
      ? `Quote values that contain {{ ... }}, e.g. path: "{{ env_var('DB_PATH') }}".`
      : SYNTAX_HINT;
    throw new StrataError(`Invalid YAML: ${first.message}`, { location: { file, line }, hint });
  }
  rejectCollectionKeys(doc, file, lineAt);

  return yamlFile(absPath, file, text, toPlainValue(doc, file, lineAt), (path) => lineOfPath(doc, path, lineAt));
}

/**
 * Aliases are expanded into plain values; a few nested aliases can expand into billions of
 * nodes ("billion laughs"), so the count is capped and a file over it is refused by name.
 */
const MAX_ALIAS_COUNT = 1000;

function toPlainValue(doc: Document, file: string, lineAt: (offset: number) => number): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    const alias = firstAlias(doc);
    const location = { file, line: alias === undefined ? undefined : lineAt(alias) };
    if (!/excessive alias count/i.test(error.message)) {
      throw new StrataError(`Invalid YAML: ${error.message}`, {
        location,
        hint: 'Define an anchor (&name) before any alias (*name) that uses it.',
      });
    }
    throw new StrataError(
      `Invalid YAML: its aliases (*name) expand to too many values (more than ${MAX_ALIAS_COUNT})`,
      {
        location,
        hint:
          'Aliases that repeat other aliases grow exponentially: ' +
          'write the values out, or use fewer levels of aliases.',
      },
    );
  }
}

/** Offset of the first alias in the document, if any. */
function firstAlias(doc: Document): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_, alias) {
      offset = alias.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

/**
 * `path: {{ env_var('X') }}` without quotes is valid YAML (a flow map used as a key), so the
 * parser does not complain; catch it here, where we can say what was meant.
 */
function rejectCollectionKeys(doc: Document, file: string, lineAt: (offset: number) => number): void {
  visit(doc, {
    Pair(_, pair) {
      if (pair.key !== null && !isScalar(pair.key)) {
        const offset = (pair.key as YamlNode).range?.[0] ?? 0;
        throw new StrataError('Invalid YAML: a map or list is used as a key', {
          location: { file, line: lineAt(offset) },
          hint: `Quote values that contain {{ ... }}, e.g. path: "{{ env_var('DB_PATH') }}".`,
        });
      }
    },
  });
}

/** The text of the map key that starts at `offset`, if any. */
function keyAt(doc: Document, offset: number): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        found = String(pair.key.value);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function lineOfPath(doc: Document, path: YamlPath, lineAt: (offset: number) => number): number {
  let node: unknown = doc.contents;
  const rootRange = (node as YamlNode | null)?.range;
  let line = rootRange ? lineAt(rootRange[0]) : 1;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) return line;
      const keyRange = (pair.key as YamlNode).range;
      if (keyRange) line = lineAt(keyRange[0]);
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      const range = (node as YamlNode | undefined)?.range;
      if (!range) return line;
      line = lineAt(range[0]);
    } else {
      return line;
    }
  }
  return line;
}
