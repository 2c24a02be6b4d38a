import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceLocation } from '../errors/strata-error.js';
import type { ModelNode, SeedNode } from '../manifest/types.js';
import { lineOf } from './parse-context.js';
import type { NodePatch } from './schema-types.js';

/** A model or seed switched off with `enabled: false`, and where that was said. */
export interface DisabledNode {
  name: string;
  resourceType: 'model' | 'seed';
  /** the node's own file */
  file: string;
  /** the `enabled: false` that switched it off: its file's config(), its YAML entry, or project.yml */
  disabledAt: SourceLocation;
}

/** Where a disabled node was switched off: the most specific place that sets `enabled`. */
export function disabledNode(
  node: ModelNode | SeedNode,
  patch: NodePatch | undefined,
  projectFile: string,
  projectRoot: string,
): DisabledNode {
  const base = { name: node.name, resourceType: node.resourceType, file: node.origin.file };
  const inConfigCall = node.resourceType === 'model' ? enabledInConfigCall(node.rawSql) : undefined;
  if (inConfigCall !== undefined) return { ...base, disabledAt: { file: node.origin.file, line: inConfigCall } };
  if (patch && 'enabled' in patch.config) return { ...base, disabledAt: { file: patch.file, line: patch.line } };
  return {
    ...base,
    disabledAt: { file: projectFile, line: lineIn(join(projectRoot, projectFile), /\+?enabled\s*:\s*false/) },
  };
}

/** The line of `enabled=` inside a `config(...)` call of the model's SQL, if one sets it. */
function enabledInConfigCall(sql: string): number | undefined {
  for (const call of sql.matchAll(/\bconfig\s*\(/g)) {
    const start = call.index + call[0].length;
    const end = closingParenthesis(sql, start);
    const enabled = /\benabled\s*=/.exec(sql.slice(start, end));
    if (enabled) return sql.slice(0, start + enabled.index).split('\n').length;
  }
  return undefined;
}

/** The index of the `)` that closes a call whose arguments start at `start` (quotes respected). */
function closingParenthesis(text: string, start: number): number {
  let depth = 1;
  let quote: string | undefined;
  for (let index = start; index < text.length; index++) {
    const char = text[index]!;
    if (quote) {
      if (char === quote && text[index - 1] !== '\\') quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '(') {
      depth++;
    } else if (char === ')') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return text.length;
}

function lineIn(path: string, pattern: RegExp): number | undefined {
  try {
    return lineOf(readFileSync(path, 'utf8'), pattern);
  } catch {
    return undefined;
  }
}
