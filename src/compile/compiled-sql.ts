/** A line of a project file. */
export interface SourceLine {
  /** project-relative path */
  file: string;
  /** 1-based */
  line: number;
}

/**
 * Compiled SQL that knows which file and line each of its lines was rendered from, so a
 * warehouse error on line 12 of a model with ephemeral parents names the ephemeral
 * model's file, or the model's own line, instead of a line of the composed query.
 * Lines are those of the rendered template: where templating keeps lines (as `{{ }}` and
 * most `{% %}` do) they are the file's.
 */
export class CompiledSql {
  private constructor(
    readonly sql: string,
    private readonly origins: ReadonlyArray<SourceLine | undefined>,
  ) {}

  /** SQL rendered from one file, line for line. */
  static fromFile(sql: string, file: string): CompiledSql {
    return new CompiledSql(sql, sql.split('\n').map((_, index) => ({ file, line: index + 1 })));
  }

  /** SQL strata generated (a generic test): no line of it comes from a file. */
  static generated(sql: string): CompiledSql {
    return new CompiledSql(sql, []);
  }

  /** Where the 1-based `line` of `sql` came from; `undefined` for a line strata wrote. */
  originOf(line: number): SourceLine | undefined {
    return this.origins[line - 1];
  }

  /** Builds compiled SQL piece by piece, each piece from a file or written by strata. */
  static builder(): CompiledSqlBuilder {
    return new CompiledSqlBuilder((sql, origins) => new CompiledSql(sql, origins));
  }
}

/** See `CompiledSql.builder`. */
export class CompiledSqlBuilder {
  private text = '';
  private readonly origins: Array<SourceLine | undefined> = [undefined];

  constructor(private readonly make: (sql: string, origins: Array<SourceLine | undefined>) => CompiledSql) {}

  /**
   * Add `text`. `from` is where its first character stands in a file; without it the
   * text is strata's own. A line takes the origin of the first file text on it.
   */
  append(text: string, from?: SourceLine): this {
    text.split('\n').forEach((part, index) => {
      if (index > 0) this.origins.push(undefined);
      const last = this.origins.length - 1;
      if (from && this.origins[last] === undefined && part.trim() !== '') this.origins[last] = { file: from.file, line: from.line + index };
    });
    this.text += text;
    return this;
  }

  build(): CompiledSql {
    return this.make(this.text, this.origins);
  }
}

/** The 1-based line of a character offset into `text`. */
export function lineAtOffset(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index >= 0 && index < offset; index = text.indexOf('\n', index + 1)) line++;
  return line;
}
