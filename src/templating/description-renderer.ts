/**
 * Descriptions in schema YAML are Jinja, rendered as dbt renders them: `{{ doc('name') }}`
 * (or `doc('package', 'name')`) is the contents of a docs block, and `var` / `env_var`
 * work. A description without Jinja is kept as written, without reaching nunjucks.
 * Rendering uses an environment of its own: model SQL has no `doc()` in dbt either.
 */
import nunjucks from 'nunjucks';
import { closestMatch } from '../config/closest-match.js';
import { StrataError, type SourceLocation } from '../errors/strata-error.js';

/** A docs block as descriptions look it up. */
export interface DocReference {
  name: string;
  packageName: string;
  contents: string;
}

/** What a description may read besides docs blocks. */
export interface DescriptionContext {
  /** the root project's name: `doc('name')` looks there, as `doc('<project>', 'name')` does */
  projectName: string;
  docs: Iterable<DocReference>;
  variable(name: string, fallback: unknown, file: string): unknown;
  envVar(name: string, fallback: string | undefined, file: string): string;
}

const HOLDS_JINJA = /\{\{|\{%|\{#/;

/** Renders the descriptions of one project. */
export class DescriptionRenderer {
  private readonly env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
  private readonly docs = new Map<string, DocReference>();
  /** the StrataError a global raised in the current render (nunjucks rewraps errors) */
  private raised: StrataError | undefined;
  private where: SourceLocation = { file: '' };

  constructor(private readonly context: DescriptionContext) {
    for (const doc of context.docs) this.docs.set(`${doc.packageName}.${doc.name}`, doc);
    this.env.addGlobal('doc', (...args: unknown[]) => this.guard(() => this.doc(args.map(String))));
    this.env.addGlobal('var', (name: unknown, fallback?: unknown) =>
      this.guard(() => context.variable(String(name), fallback, this.where.file)),
    );
    this.env.addGlobal('env_var', (name: unknown, fallback?: unknown) =>
      this.guard(() =>
        context.envVar(String(name), fallback === undefined ? undefined : String(fallback), this.where.file),
      ),
    );
  }

  /**
   * `text` rendered; `where` is the YAML entry holding it. An unknown doc name or a template
   * error is a StrataError at the line of the description.
   */
  render(text: string, where: SourceLocation): string {
    if (!HOLDS_JINJA.test(text)) return text;
    this.where = where;
    this.raised = undefined;
    try {
      return this.env.renderString(text, {});
    } catch (error) {
      if (this.raised) throw this.raised;
      const detail = (error instanceof Error ? error.message : String(error)).replace(
        /^\([^)]*\)\s*(\[[^\]]*\])?\s*/,
        '',
      );
      throw new StrataError(`Invalid Jinja in a description: ${detail.trim()}`, {
        location: where,
        hint: "Descriptions may use {{ doc('name') }}, var() and env_var().",
      });
    }
  }

  private doc(args: string[]): string {
    const [packageName, name] = args.length >= 2 ? args : [this.context.projectName, args[0] ?? ''];
    const found = this.docs.get(`${packageName}.${name}`);
    if (found) return found.contents;
    const names = [...this.docs.values()].filter((doc) => doc.packageName === packageName).map((doc) => doc.name);
    const suggestion = closestMatch(name!, names);
    const call = args.length >= 2 ? `doc('${packageName}', '${name}')` : `doc('${name}')`;
    throw new StrataError(`Unknown doc "${name}" in ${call}`, {
      location: this.where,
      hint:
        (suggestion ? `Did you mean doc('${suggestion}')? ` : '') +
        `Define it in a .md file under the model paths: {% docs ${name} %} ... {% enddocs %}.`,
    });
  }

  private guard<T>(action: () => T): T {
    try {
      return action();
    } catch (error) {
      if (error instanceof StrataError) this.raised = error;
      throw error;
    }
  }
}
