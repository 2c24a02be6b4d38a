/**
 * dbt's `{% test name(model, column_name, ...) %}...{% endtest %}`: a generic data test,
 * which dbt stores as the macro `test_<name>`. nunjucks has no such tag, so this extension
 * parses it into the same AST node a `{% macro test_<name>(...) %}` produces; everything
 * after the parse (argument binding, `return`, export as a global) is the macro's.
 */
import { nunjucksInternals, type TemplateNode } from './nunjucks-internals.js';

/** The name the extension is registered under. */
export const TEST_BLOCK_EXTENSION = 'jinja_test_block';

/** The prefix dbt gives the macro of a generic test: `{% test not_null %}` is `test_not_null`. */
export const TEST_MACRO_PREFIX = 'test_';

interface TestBlockParser {
  nextToken(): { value: string; lineno: number; colno: number };
  parsePrimary(noPostfix: boolean): TemplateNode;
  parseSignature(): TemplateNode;
  advanceAfterBlockEnd(name?: string): void;
  parseUntilBlocks(...names: string[]): TemplateNode;
  fail(message: string, lineno?: number, colno?: number): never;
}

/** The nunjucks extension behind `{% test %}` blocks. */
export class TestBlocks {
  readonly tags = ['test'];

  parse(parser: TestBlockParser): TemplateNode {
    const { nodes } = nunjucksInternals;
    const classes = nodes as unknown as Record<string, new (...a: unknown[]) => TemplateNode>;
    const tag = parser.nextToken();
    const name = parser.parsePrimary(true);
    if (name.typename !== 'Symbol') parser.fail('expected a test name after "test"', tag.lineno, tag.colno);
    const macroName = new nodes.Symbol(name.lineno, name.colno, `${TEST_MACRO_PREFIX}${String(name.value)}`);
    const macro = new classes.Macro!(tag.lineno, tag.colno, macroName, parser.parseSignature());
    parser.advanceAfterBlockEnd(tag.value);
    macro.body = parser.parseUntilBlocks('endtest');
    parser.advanceAfterBlockEnd();
    return macro;
  }
}
