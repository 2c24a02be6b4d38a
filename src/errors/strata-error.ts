/** Where a user mistake lives: a project-relative file and, when known, a 1-based line. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/**
 * A user-facing error: a project mistake (bad YAML, unknown ref, cycle, missing env var...)
 * or a usage mistake (bad selector, unknown target). The CLI prints `message`, the
 * location and the hint once, without a stack trace, and exits 2.
 */
export class StrataError extends Error {
  readonly location?: SourceLocation;
  readonly hint?: string;

  constructor(message: string, options: { location?: SourceLocation; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StrataError';
    this.location = options.location;
    this.hint = options.hint;
  }

  /** One human-readable block: `file:line: message` then the hint. */
  format(): string {
    const where = this.location ? `${formatLocation(this.location)}: ` : '';
    return `${where}${this.message}${this.hint ? `\n  ${this.hint}` : ''}`;
  }
}

export function formatLocation(location: SourceLocation): string {
  let text = location.file;
  if (location.line !== undefined) text += `:${location.line}`;
  if (location.line !== undefined && location.column !== undefined) text += `:${location.column}`;
  return text;
}

export function isStrataError(error: unknown): error is StrataError {
  return error instanceof StrataError;
}
