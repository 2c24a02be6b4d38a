import { alignRenderedLines } from './line-alignment.js';

/** A line of a project file. */
export interface SourceLine {
  /** project-relative path */
  file: string;
  /** 1-based */
  line: number;
}

/** SQL rendered from one file. */
export interface RenderedSql {
  sql: string;
  /** project-relative path of the file it was rendered from */
  file: string;
  /** the file's text before rendering, to map rendered lines back to it; absent: lines are kept */
  template?: string;
}

/**
 * Compiled SQL that knows which file and line each of its lines was rendered from, so a
 * warehouse error on line 12 of a model with ephemeral parents names the ephemeral
 * model's file, or the model's own line, instead of a line of the composed query.
 */
export class CompiledSql {
  private readonly alignments = new Map<string, number[]>();

  private constructor(
    readonly sql: string,
    /** per line of `sql`: the file and the line of that file's rendered text; a function when it is one file's */
    private readonly origins: ReadonlyArray<SourceLine | undefined> | ((line: number) => SourceLine | undefined),
    private readonly sources: ReadonlyMap<string, RenderedSql>,
  ) {}

  /** SQL rendered from one file (nothing is computed until an error asks where it is). */
  static fromFile(rendered: RenderedSql): CompiledSql {
    const origin = (line: number) =>
      line >= 1 && line <= lineAtOffset(rendered.sql, rendered.sql.length) ? { file: rendered.file, line } : undefined;
    return new CompiledSql(rendered.sql, origin, new Map([[rendered.file, rendered]]));
  }

  /** SQL strata generated (a generic test): no line of it comes from a file. */
  static generated(sql: string): CompiledSql {
    return new CompiledSql(sql, [], new Map());
  }

  /** Builds compiled SQL piece by piece, each piece from a rendered file or written by strata. */
  static builder(): CompiledSqlBuilder {
    return new CompiledSqlBuilder((sql, origins, sources) => new CompiledSql(sql, origins, sources));
  }

  /** The file line the 1-based `line` of `sql` came from; `undefined` for a line strata wrote. */
  originOf(line: number): SourceLine | undefined {
    const origin = typeof this.origins === 'function' ? this.origins(line) : this.origins[line - 1];
    const source = origin && this.sources.get(origin.file);
    if (!origin || source?.template === undefined) return origin;
    let alignment = this.alignments.get(origin.file);
    if (!alignment) this.alignments.set(origin.file, (alignment = alignRenderedLines(source.template, source.sql)));
    return { file: origin.file, line: (alignment[origin.line - 1] ?? origin.line - 1) + 1 };
  }
}

/** See `CompiledSql.builder`. */
export class CompiledSqlBuilder {
  private text = '';
  private readonly origins: Array<SourceLine | undefined> = [undefined];
  private readonly sources = new Map<string, RenderedSql>();

  constructor(
    private readonly make: (
      sql: string,
      origins: Array<SourceLine | undefined>,
      sources: Map<string, RenderedSql>,
    ) => CompiledSql,
  ) {}

  /**
   * Add `text`, strata's own, or, with `from`, the part of `from.rendered` that starts at
   * its 1-based line `from.line`. A line takes the origin of the first file text on it.
   */
  append(text: string, from?: { rendered: RenderedSql; line: number }): this {
    if (from) this.sources.set(from.rendered.file, from.rendered);
    text.split('\n').forEach((part, index) => {
      if (index > 0) this.origins.push(undefined);
      const last = this.origins.length - 1;
      if (from && this.origins[last] === undefined && part.trim() !== '')
        this.origins[last] = { file: from.rendered.file, line: from.line + index };
    });
    this.text += text;
    return this;
  }

  build(): CompiledSql {
    return this.make(this.text, this.origins, this.sources);
  }
}

/** The 1-based line of a character offset into `text`. */
export function lineAtOffset(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index >= 0 && index < offset; index = text.indexOf('\n', index + 1)) line++;
  return line;
}
