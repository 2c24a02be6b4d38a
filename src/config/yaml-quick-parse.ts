/**
 * The fast way through a YAML file: js-yaml reads the value several times faster than the
 * `yaml` document model (the schema files of a 10,000-model project took half a second),
 * and its parse events give the line of every key and list item. Anything unusual (a
 * syntax error, an anchor or alias, a merge key, a tag, a list item with no value) is left
 * to the full reader in `yaml-file.ts`, which keeps exact messages for every mistake.
 */
import jsYaml from 'js-yaml';
import type { YamlPath } from './yaml-file.js';

/** Where a parsed node starts, with its keys (a map) or items (a list). */
interface LineNode {
  line: number;
  keys?: Map<string, { line: number; node: LineNode }>;
  items?: LineNode[];
}

/** A node being read: its first line and the nodes read inside it, in order. */
interface Frame {
  line: number;
  /** a flow mapping (`{ ... }`) starts at its brace, which may be a line before its first key */
  flowLine?: number;
  children: Array<{ node: LineNode; kind: string; result: unknown }>;
}

/** A value read the fast way, and the line of any path into it. */
export interface QuickYaml {
  value: unknown;
  lineOf(path: YamlPath): number;
}

/**
 * Syntax the fast reader leaves to the full one: anchors and aliases (expanded with a cap
 * there), merge keys, and tags. Loose on purpose: a false match only costs speed.
 */
const LEFT_TO_FULL_READER = /(?:^|[\s[{,])[&*!][^\s]|<</m;

/** The value and lines of `text`, or undefined when the full reader must read it. */
export function quickParseYaml(text: string): QuickYaml | undefined {
  if (LEFT_TO_FULL_READER.test(text)) return undefined;
  const root: Frame = { line: 1, children: [] };
  const open: Frame[] = [root];
  let understood = true;
  let value: unknown;
  try {
    value = jsYaml.load(text, {
      schema: jsYaml.CORE_SCHEMA,
      listener(event, state) {
        if (event === 'open') {
          open.push({
            line: state.line + 1,
            flowLine: flowMappingLine(text, state.position, state.line + 1),
            children: [],
          });
          return;
        }
        const frame = open.pop()!;
        const node = lineNode(frame, state.kind, state.result);
        if (node) open.at(-1)!.children.push({ node, kind: state.kind, result: state.result });
        else understood = false;
      },
    });
  } catch {
    return undefined;
  }
  const top = root.children[0]?.node;
  if (!understood || !top) return undefined;
  return { value, lineOf: (path) => lineOfPath(top, path) };
}

/**
 * The node a finished frame describes, or undefined when its events do not match its value
 * one to one (js-yaml emits none for an empty list item, for one).
 */
function lineNode(frame: Frame, kind: string, result: unknown): LineNode | undefined {
  // js-yaml may wrap a node in a second one with the same result: keep the inner one
  const only = frame.children.length === 1 ? frame.children[0]! : undefined;
  if (only && only.result === result && only.kind === kind) return only.node;
  if (kind === 'mapping') return mappingNode(frame, result as Record<string, unknown>);
  if (kind === 'sequence') {
    if (frame.children.length !== (result as unknown[]).length) return undefined;
    return { line: frame.line, items: frame.children.map((child) => child.node) };
  }
  return frame.children.length === 0 ? { line: frame.line } : undefined;
}

function mappingNode(frame: Frame, result: Record<string, unknown>): LineNode | undefined {
  const { children } = frame;
  if (children.length !== 2 * Object.keys(result).length) return undefined;
  const keys = new Map<string, { line: number; node: LineNode }>();
  for (let index = 0; index < children.length; index += 2) {
    const key = children[index]!;
    // a map or list used as a key is a mistake the full reader explains
    if (key.kind !== 'scalar') return undefined;
    keys.set(String(key.result), { line: key.node.line, node: children[index + 1]!.node });
  }
  const first = keys.values().next().value;
  return { line: frame.flowLine ?? first?.line ?? frame.line, keys };
}

/** The line of the `{` a node opening at `position` (on `line`) starts with, if it is one. */
function flowMappingLine(text: string, position: number, line: number): number | undefined {
  let index = position;
  let newlines = 0;
  for (; index < text.length; index++) {
    const char = text[index];
    if (char === '\n') newlines++;
    else if (char !== ' ' && char !== '\t' && char !== '\r') break;
  }
  return text[index] === '{' ? line + newlines : undefined;
}

/** The line of the key or item at `path`; the closest existing ancestor's when it does not exist. */
function lineOfPath(root: LineNode, path: YamlPath): number {
  let node = root;
  let line = root.line;
  for (const segment of path) {
    if (node.keys) {
      const entry = node.keys.get(String(segment));
      if (!entry) return line;
      ({ line, node } = entry);
    } else if (node.items && typeof segment === 'number') {
      const item = node.items[segment];
      if (!item) return line;
      ({ line } = item);
      node = item;
    } else {
      return line;
    }
  }
  return line;
}
