/**
 * The life of one statement on an asynchronous AWS API (Athena's queries, the Redshift Data
 * API's statements): submit it, again after a backoff while the service is busy; poll its
 * state with backoff until it ends, stopping it once it runs past the deadline; page its
 * result; and stop it on `cancel()`, which also cuts the current wait short. The order, the
 * waits and the messages live here; a service supplies its calls (the abstract hooks) and
 * its words ({@link PolledService}).
 */
import type { DatabaseError } from '../adapters/database-error.js';
import { failedStatementError } from '../adapters/statement-errors.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import { awsServiceError } from './service-error.js';
import { isServiceBusy } from './transient-errors.js';
import { WakeableSleep } from './wakeable-sleep.js';

/** Busy-service retries of a submit before giving up, and the waits between them. */
const BUSY_RETRIES = 8;
const BUSY_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 4000 };

/** How a service and its statements are named in messages. */
export interface PolledService {
  /** adapter type of the errors, e.g. `athena` */
  adapter: string;
  /** the service, first in every message: `Athena`, `Redshift Data API` */
  label: string;
  /** one statement: `query`, `statement` */
  noun: string;
  /** what a stop does to it: `stopped`, `cancelled` */
  stopped: string;
  /** the calls, as the API names them */
  calls: { submit: string; describe: string; stop: string };
  /** what the describe call's answer holds: `query state`, `status` */
  stateName: string;
  /** error names with which the service refuses to stop a statement that already ended */
  endedErrors: readonly string[];
}

/** How long to wait, and what to keep out of messages. */
export interface PollingOptions {
  polling: BackoffOptions;
  /** stop a statement still running after this long */
  queryTimeoutMs?: number;
  /** values to keep out of every message */
  secrets: readonly string[];
}

/** A statement's state as one describe call reports it. */
export type StatementState<Done> =
  | { phase: 'running' }
  | { phase: 'succeeded'; done: Done }
  | { phase: 'failed'; reason: string }
  | { phase: 'cancelled' }
  /** an answer without a known state: polling it would go on forever */
  | { phase: 'unknown'; state: unknown };

/** The statement in flight: what `cancel()` needs to reach it. */
export interface StatementInFlight {
  id?: string;
  cancelled: boolean;
  readonly sleep: WakeableSleep;
}

/** One statement at a time through an asynchronous API; subclasses supply the service's calls. */
export abstract class PolledStatements<Done> {
  private inFlight: StatementInFlight | undefined;

  protected constructor(
    private readonly service: PolledService,
    protected readonly options: PollingOptions,
  ) {}

  /** Send `sql`; resolves to the service's id of the statement. Throws what the call threw. */
  protected abstract submit(sql: string): Promise<string>;
  /** One describe call, its answer mapped to a state. */
  protected abstract describe(id: string): Promise<StatementState<Done>>;
  /** One stop call. */
  protected abstract stop(id: string): Promise<void>;
  /** The error of a statement that was stopped, with the service's class and wording. */
  protected abstract cancelledError(sql: string, detail?: string): DatabaseError;

  /**
   * Whether a failed submit should be sent again at once (the Data API's lost session); it
   * may also throw its own error. By default nothing is.
   */
  protected submitAgainAtOnce(_error: unknown, _sql: string): boolean {
    return false;
  }

  /** Stop the statement in flight; the call running it then rejects with {@link cancelledError}. */
  async cancel(): Promise<void> {
    const statement = this.inFlight;
    if (!statement) return;
    statement.cancelled = true;
    statement.sleep.wake();
    if (statement.id) await this.stopStatement(statement.id, '');
  }

  /** Submit `sql`, wait until it ends, then `read` the finished statement. */
  protected async runStatement<T>(
    sql: string,
    read: (done: Done, statement: StatementInFlight) => Promise<T>,
  ): Promise<T> {
    const statement: StatementInFlight = { cancelled: false, sleep: new WakeableSleep() };
    this.inFlight = statement;
    try {
      statement.id = await this.submitted(statement, sql);
      // Cancelled while the service took it: it may already run.
      if (statement.cancelled) await this.stopStatement(statement.id, sql);
      const done = await this.finished(statement, sql);
      return await read(done, statement);
    } finally {
      this.inFlight = undefined;
    }
  }

  /**
   * Every page of a finished statement's result, until the service gives no next token or
   * `take` returns false; a cancel stops the reading between pages.
   */
  protected async readPages<Page extends { NextToken?: string }>(
    statement: StatementInFlight,
    sql: string,
    call: string,
    fetch: (nextToken: string | undefined) => Promise<Page>,
    take: (page: Page) => boolean | void,
  ): Promise<void> {
    let nextToken: string | undefined;
    do {
      if (statement.cancelled) throw this.cancelledError(sql, 'reading the result was cancelled');
      let page: Page;
      try {
        page = await fetch(nextToken);
      } catch (error) {
        throw this.serviceError(call, error, sql);
      }
      if (take(page) === false) return;
      nextToken = page.NextToken || undefined;
    } while (nextToken);
  }

  /** A failed call of this service as a DatabaseError naming it (see awsServiceError). */
  protected serviceError(call: string, error: unknown, sql: string): DatabaseError {
    return awsServiceError(this.service.adapter, `${this.service.label} ${call}`, error, sql, this.options.secrets);
  }

  private async submitted(statement: StatementInFlight, sql: string): Promise<string> {
    const busy = new Backoff(BUSY_BACKOFF);
    for (let attempt = 0; ; attempt++) {
      // Cancelled while waiting for the service to take it: it never ran.
      if (statement.cancelled) throw this.cancelledError(sql);
      try {
        return await this.submit(sql);
      } catch (error) {
        if (this.submitAgainAtOnce(error, sql)) continue;
        if (isServiceBusy(error) && attempt < BUSY_RETRIES) {
          await statement.sleep.sleep(busy.next());
          continue;
        }
        throw this.serviceError(this.service.calls.submit, error, sql);
      }
    }
  }

  /** Poll with backoff until the statement succeeds (its answer), fails or was stopped (thrown). */
  private async finished(statement: StatementInFlight, sql: string): Promise<Done> {
    const { describe: call } = this.service.calls;
    const id = statement.id!;
    const backoff = new Backoff(this.options.polling);
    const timeoutMs = this.options.queryTimeoutMs;
    const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
    let timedOut = false;
    let cancelSeen = statement.cancelled;
    for (;;) {
      // A stopped statement ends soon: poll from the shortest delay again.
      if (statement.cancelled && !cancelSeen) {
        cancelSeen = true;
        backoff.reset();
      }
      await statement.sleep.sleep(backoff.next());
      let answer: StatementState<Done>;
      try {
        answer = await this.describe(id);
      } catch (error) {
        throw this.serviceError(call, error, sql);
      }
      switch (answer.phase) {
        case 'succeeded':
          return answer.done;
        case 'failed':
          throw failedStatementError(this.service.adapter, answer.reason, sql);
        case 'cancelled':
          throw this.cancelledError(sql, timedOut ? this.timedOutDetail(timeoutMs!) : undefined);
        case 'running':
          break;
        case 'unknown': {
          const { stateName } = this.service;
          const unknown = new Error(`${call} returned no known ${stateName} (${String(answer.state)})`);
          throw this.serviceError(call, unknown, sql);
        }
      }
      if (deadline !== undefined && !timedOut && Date.now() > deadline) {
        timedOut = true;
        statement.cancelled = true;
        await this.stopStatement(id, sql);
      }
    }
  }

  private timedOutDetail(timeoutMs: number): string {
    const { noun, stopped } = this.service;
    return `the ${noun} ran longer than query_timeout_seconds (${timeoutMs / 1000}) and was ${stopped}`;
  }

  // Stopping a statement that already ended is not an error.
  private async stopStatement(id: string, sql: string): Promise<void> {
    try {
      await this.stop(id);
    } catch (error) {
      if (error instanceof Error && this.service.endedErrors.includes(error.name)) return;
      throw this.serviceError(this.service.calls.stop, error, sql);
    }
  }
}
