/**
 * The few nunjucks internals Strata compiles templates with: the parser, the AST node
 * classes, the transformer and the compiler. Nunjucks exports them (the transformer
 * from its own file) but its typings do not declare them, so they are described here
 * structurally, with only the members we use.
 */
import { createRequire } from 'node:module';

/** A node of a parsed template. `fields` names the properties holding child nodes. */
export interface TemplateNode {
  readonly typename: string;
  readonly fields: readonly string[];
  lineno: number;
  colno: number;
  [field: string]: unknown;
}

/** A node holding an ordered list of children (the root, an output, a call's arguments). */
export interface TemplateNodeList extends TemplateNode {
  children: TemplateNode[];
}

type NodeClass = new (lineno: number, colno: number, ...fields: unknown[]) => TemplateNode;

/** The node classes we create or recognise, by nunjucks' type name. */
export interface NodeClasses {
  Node: NodeClass;
  NodeList: new (lineno: number, colno: number, children: TemplateNode[]) => TemplateNodeList;
  Literal: NodeClass;
  Symbol: NodeClass;
  Filter: NodeClass;
  TemplateData: NodeClass;
}

interface NunjucksInternals {
  parser: { parse(source: string, extensions: unknown[], options: object): TemplateNode };
  transformer: { transform(ast: TemplateNode, asyncFilters: string[], name: string): TemplateNode };
  compiler: {
    Compiler: new (
      name: string,
      throwOnUndefined: boolean,
    ) => {
      compile(ast: TemplateNode): void;
      getCode(): string;
      _getNodeName(node: TemplateNode): string;
      compile(node: TemplateNode, frame: unknown): void;
      compileMacro(node: TemplateNode, frame: { parent: unknown }): void;
      compileIf(node: TemplateNode, frame: unknown, async?: boolean): void;
      compileInlineIf(node: TemplateNode, frame: unknown): void;
      compileNot(node: TemplateNode, frame: unknown): void;
      compileCompare(node: TemplateNode, frame: unknown): void;
      compileAnd(node: TemplateNode, frame: unknown): void;
      compileOr(node: TemplateNode, frame: unknown): void;
      _emit(code: string): void;
      _emitFuncBegin(node: TemplateNode, name: string): void;
      _emitFuncEnd(noReturn?: boolean): void;
      _emitLine(code: string): void;
    };
  };
  nodes: NodeClasses;
  lib: { _prettifyError(path: string, withInternals: boolean, error: unknown): Error };
}

const require = createRequire(import.meta.url);

/** nunjucks' own modules, loaded once. */
export const nunjucksInternals: NunjucksInternals = {
  parser: require('nunjucks/src/parser') as NunjucksInternals['parser'],
  transformer: require('nunjucks/src/transformer') as NunjucksInternals['transformer'],
  compiler: require('nunjucks/src/compiler') as NunjucksInternals['compiler'],
  nodes: require('nunjucks/src/nodes') as NodeClasses,
  lib: require('nunjucks/src/lib') as NunjucksInternals['lib'],
};

/** Whether `value` is an AST node (nunjucks' fields hold nodes, null or plain values). */
export function isTemplateNode(value: unknown): value is TemplateNode {
  return value instanceof nunjucksInternals.nodes.Node;
}

/** Whether `node` keeps its children in a list rather than in named fields. */
export function isNodeList(node: TemplateNode): node is TemplateNodeList {
  return node instanceof nunjucksInternals.nodes.NodeList;
}
