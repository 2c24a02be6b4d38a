import { describe, expect, it } from 'vitest';
import { DatabaseError } from '../../../src/adapters/database-error.js';
import { PolledStatements, type StatementState } from '../../../src/aws/polled-statement.js';

/**
 * The lifecycle shared by Athena and the Data API, driven by a scripted service: the answers
 * a real service gives only under load or by mistake (busy, a state it never documented) are
 * scripted here; the real services' suites (tests/integration/trino, tests/integration/postgres)
 * run the same lifecycle end to end.
 */
class ScriptedStatements extends PolledStatements<string> {
  readonly calls: string[] = [];
  stopped = false;

  constructor(
    private readonly script: {
      submits?: unknown[];
      states: (stopped: boolean) => StatementState<string>;
      stopError?: Error;
    },
    options: { initialMs?: number; queryTimeoutMs?: number } = {},
  ) {
    super(
      {
        adapter: 'scripted',
        label: 'Svc',
        noun: 'job',
        stopped: 'stopped',
        calls: { submit: 'Submit', describe: 'Describe', stop: 'Stop' },
        stateName: 'state',
        endedErrors: ['AlreadyEnded'],
      },
      {
        polling: { initialMs: options.initialMs ?? 1, maxMs: options.initialMs ?? 2 },
        queryTimeoutMs: options.queryTimeoutMs,
        secrets: [],
      },
    );
  }

  run(sql: string): Promise<string> {
    return this.runStatement(sql, async (done) => done);
  }

  pages(sql: string, tokens: Array<string | undefined>, cancelAfter?: number): Promise<number[]> {
    return this.runStatement(sql, async (_done, statement) => {
      const seen: number[] = [];
      const fetch = async (token: string | undefined) => ({ NextToken: tokens[seen.length], token });
      await this.readPages(statement, sql, 'Page', fetch, () => {
        seen.push(seen.length);
        if (seen.length === cancelAfter) void this.cancel();
      });
      return seen;
    });
  }

  protected async submit(): Promise<string> {
    this.calls.push('submit');
    const answer = this.script.submits?.shift();
    if (answer !== undefined) throw answer;
    return 'id-1';
  }

  protected async describe(): Promise<StatementState<string>> {
    this.calls.push('describe');
    return this.script.states(this.stopped);
  }

  protected async stop(): Promise<void> {
    this.calls.push('stop');
    this.stopped = true;
    if (this.script.stopError) throw this.script.stopError;
  }

  protected cancelledError(sql: string, detail = 'the job was cancelled'): DatabaseError {
    return new DatabaseError('scripted', `Svc: ${detail}.`, sql);
  }
}

const named = (name: string) => Object.assign(new Error(name), { name });

/** Until the statement is submitted and its first wait has begun (the rest of that step is promise callbacks). */
async function untilWaiting(statements: ScriptedStatements): Promise<void> {
  while (!statements.calls.includes('submit')) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
}
const cancelledWhenStopped = (stopped: boolean): StatementState<string> =>
  stopped ? { phase: 'cancelled' } : { phase: 'running' };

describe('a polled statement', () => {
  it('is submitted again while the service is busy, then polled until it succeeds', async () => {
    let polls = 0;
    const statements = new ScriptedStatements({
      submits: [named('ThrottlingException'), named('ActiveStatementsExceededException')],
      states: () => (++polls < 3 ? { phase: 'running' } : { phase: 'succeeded', done: 'rows' }),
    });
    expect(await statements.run('SELECT 1')).toBe('rows');
    expect(statements.calls).toEqual(['submit', 'submit', 'submit', 'describe', 'describe', 'describe']);
  });

  it('fails at once with the service error when a submit fails for another reason', async () => {
    const statements = new ScriptedStatements({
      submits: [named('ValidationException')],
      states: cancelledWhenStopped,
    });
    await expect(statements.run('SELECT 1')).rejects.toThrow('Svc Submit failed: ValidationException');
    expect(statements.calls).toEqual(['submit']);
  });

  it("fails with the service's reason and the place in the SQL", async () => {
    const statements = new ScriptedStatements({ states: () => ({ phase: 'failed', reason: 'line 2:3: nope' }) });
    const error = await statements.run('SELECT\n  x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).failure).toEqual({ reason: 'line 2:3: nope', location: { line: 2, column: 3 } });
  });

  it('ends the poll when the service answers no known state, instead of polling forever', async () => {
    const statements = new ScriptedStatements({ states: () => ({ phase: 'unknown', state: undefined }) });
    await expect(statements.run('SELECT 1')).rejects.toThrow(/^Svc Describe failed: UnexpectedResponse/);
    expect(statements.calls).toEqual(['submit', 'describe']);
  });

  it('is stopped once it runs past its deadline, and says so', async () => {
    const statements = new ScriptedStatements({ states: cancelledWhenStopped }, { queryTimeoutMs: 1 });
    await expect(statements.run('SELECT 1')).rejects.toThrow(
      'Svc: the job ran longer than query_timeout_seconds (0.001) and was stopped.',
    );
    expect(statements.calls).toContain('stop');
  });

  it('is stopped by cancel(), which cuts a long wait short', async () => {
    // the first poll waits ten minutes: the suite's timeout ends the test unless cancel() wakes it
    const statements = new ScriptedStatements({ states: cancelledWhenStopped }, { initialMs: 600_000 });
    const running = statements.run('SELECT 1').catch((e: unknown) => e);
    await untilWaiting(statements);
    await statements.cancel();
    expect(((await running) as Error).message).toBe('Svc: the job was cancelled.');
    expect(statements.calls).toEqual(['submit', 'stop', 'describe']);
  });

  it('is not an error to stop when the service says it already ended', async () => {
    const statements = new ScriptedStatements(
      { states: () => ({ phase: 'succeeded', done: 'rows' }), stopError: named('AlreadyEnded') },
      { initialMs: 600_000 },
    );
    const running = statements.run('SELECT 1');
    await untilWaiting(statements);
    await statements.cancel();
    expect(await running).toBe('rows');
  });

  it('reads every page, and a cancel between pages stops the reading', async () => {
    const succeeded = () => ({ phase: 'succeeded' as const, done: 'rows' });
    expect(await new ScriptedStatements({ states: succeeded }).pages('SELECT 1', ['t1', 't2', undefined])).toEqual([
      0, 1, 2,
    ]);
    const cancelled = new ScriptedStatements({ states: succeeded });
    await expect(cancelled.pages('SELECT 1', ['t1', 't2', undefined], 1)).rejects.toThrow(
      'Svc: reading the result was cancelled.',
    );
  });
});
