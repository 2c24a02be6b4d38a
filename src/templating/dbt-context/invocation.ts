import { randomUUID } from 'node:crypto';
import { PyDatetime, PyTimezone } from './py-datetime.js';

/** Where `log(..., info=True)`, `print()` and `exceptions.warn()` lines go. */
export interface TemplateOutput {
  log(message: string): void;
  print(message: string): void;
  warn(message: string): void;
}

/** Timestamped like the reporter's lines, on stdout. */
const STDOUT_OUTPUT: TemplateOutput = {
  log: (message) => process.stdout.write(`${new Date().toISOString().slice(11, 19)}  ${message}\n`),
  print: (message) => process.stdout.write(`${message}\n`),
  warn: (message) => process.stdout.write(`${new Date().toISOString().slice(11, 19)}  [WARNING]: ${message}\n`),
};

/**
 * What every render of one command shares: dbt's `invocation_id` (the id the command's
 * artifacts record), `run_started_at`, `flags`, and where template output goes.
 */
export class DbtInvocation {
  readonly invocationId = randomUUID();
  readonly runStartedAt = new Date();
  /** dbt's `flags`; the command sets what it knows (`WHICH`, `FULL_REFRESH`...) before it compiles */
  readonly flags: Record<string, unknown> = {
    FULL_REFRESH: false,
    STORE_FAILURES: false,
    WHICH: 'parse',
    FAIL_FAST: false,
    WARN_ERROR: false,
    USE_COLORS: false,
    PARTIAL_PARSE: false,
    STATIC_PARSER: true,
    INTROSPECT: true,
    EMPTY: false,
    DEBUG: false,
    QUIET: false,
    LOG_FORMAT: 'default',
    PRINTER_WIDTH: 80,
    INDIRECT_SELECTION: 'eager',
    SEND_ANONYMOUS_USAGE_STATS: false,
  };

  constructor(public output: TemplateOutput = STDOUT_OUTPUT) {}

  private startedAt: PyDatetime | undefined;

  /** dbt's `run_started_at`: one aware UTC datetime, the same object in every render (so `==` holds) */
  get runStartedAtValue(): PyDatetime {
    return (this.startedAt ??= PyDatetime.fromDate(this.runStartedAt, PyTimezone.utc));
  }

  /** Set the flags a command knows before it compiles or runs. */
  setCommand(which: string, options: { fullRefresh?: boolean; storeFailures?: boolean; failFast?: boolean } = {}) {
    this.flags.WHICH = which;
    this.flags.FULL_REFRESH = options.fullRefresh === true;
    this.flags.STORE_FAILURES = options.storeFailures === true;
    this.flags.FAIL_FAST = options.failFast === true;
  }
}
