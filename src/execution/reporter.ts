import { formatLocation, type StrataError } from '../errors/strata-error.js';

/** dbt's printer width: the text and dots of a progress line fill this many characters. */
const WIDTH = 80;

/** ANSI colours when writing to a terminal that wants them. */
function painter(enabled: boolean) {
  const wrap = (code: number) => (text: string) => (enabled ? `\x1b[${code}m${text}\x1b[0m` : text);
  return { green: wrap(32), red: wrap(31), yellow: wrap(33), dim: wrap(2) };
}

export type LineStatus = 'ok' | 'pass' | 'warn' | 'fail' | 'error' | 'skip' | 'no-op';

/**
 * dbt-like console output: timestamped lines, `3 of 24 START ...` and the matching
 * result line padded with dots, then a summary. Everything goes through `write`,
 * so tests can capture it.
 */
export class Reporter {
  private readonly paint: ReturnType<typeof painter>;

  constructor(
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
    color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  ) {
    this.paint = painter(color);
  }

  info(message: string): void {
    this.write(`${timestamp()}  ${message}`);
  }

  blank(): void {
    this.write('');
  }

  /** `3 of 24 START ...`; `prefix` names what is counted when it is not the nodes (`Batch 1 of 3 ...`) */
  start(index: number, total: number, description: string, prefix = ''): void {
    this.info(padded(`${prefix}${index} of ${total} START ${description}`, '[RUN]'));
  }

  result(
    index: number,
    total: number,
    status: LineStatus,
    description: string,
    detail: string,
    seconds?: number,
    prefix = '',
  ): void {
    const color =
      status === 'ok' || status === 'pass'
        ? this.paint.green
        : status === 'warn'
          ? this.paint.yellow
          : status === 'skip' || status === 'no-op'
            ? this.paint.yellow
            : this.paint.red;
    const label = seconds === undefined ? detail : `${detail} in ${seconds.toFixed(2)}s`;
    this.info(padded(`${prefix}${index} of ${total} ${description}`, `[${color(label)}]`));
  }

  warning(message: string): void {
    this.info(`${this.paint.yellow('[WARNING]')}: ${message}`);
  }

  error(error: StrataError): void {
    const where = error.location ? `${formatLocation(error.location)}: ` : '';
    this.write(`${this.paint.red('Error')}: ${where}${error.message}`);
    if (error.hint) this.write(`  ${error.hint}`);
  }

  colored(status: 'green' | 'red' | 'yellow', message: string): void {
    this.info(this.paint[status](message));
  }
}

/** dbt's progress line: the text and a space, filled with dots to the width (none when longer), then the status. */
function padded(left: string, right: string): string {
  return `${`${left} `.padEnd(WIDTH, '.')} ${right}`;
}

function timestamp(): string {
  return new Date().toISOString().slice(11, 19);
}
