/**
 * Render-and-replay: how a synchronous nunjucks render asks the warehouse questions
 * (`run_query`, `statement`, `adapter.get_columns_in_relation`, `adapter.get_relation`,
 * `load_relation`). See CONTEXT.md, "Introspective calls".
 *
 * Each render keeps an ordered log of the requests it made and their answers. The i-th
 * introspective call of a pass reads the i-th answer; when there is none yet, the call
 * throws `IntrospectionSuspended` carrying its request. `RenderSession.render` catches it,
 * runs the request on the connection, appends the answer and renders again, until a pass
 * completes. Every request therefore runs once, in template order.
 */
import type { ColumnDescription, ExecuteResult, ExistingRelation, QueryResult } from '../../adapters/contract.js';
import type { RelationName } from '../../manifest/types.js';
import { StrataError } from '../../errors/strata-error.js';

/** A question a template asks the warehouse while it renders. */
export type IntrospectionRequest =
  | { kind: 'query'; sql: string; fetch: boolean }
  | { kind: 'columns'; relation: RelationName }
  | { kind: 'relation'; relation: RelationName };

/** The answer to each kind of request: plain data, so a replayed pass sees exactly what the first saw. */
export interface IntrospectionAnswers {
  query: QueryResult & ExecuteResult;
  columns: ColumnDescription[];
  relation: ExistingRelation | null;
}

export type IntrospectionAnswer = IntrospectionAnswers[keyof IntrospectionAnswers];

/** Runs a request on a real connection; `file` is the template that asked, for errors. */
export type IntrospectionRunner = (request: IntrospectionRequest, file: string) => Promise<IntrospectionAnswer>;

/** The most passes one render may take; each pass answers one more request. */
export const MAX_RENDER_PASSES = 100;

/**
 * Thrown by an introspective call whose answer is not known yet. It is no Error and no
 * StrataError, so macro `return()` handling and the error guards let it through; nunjucks
 * replaces what reaches its render callback with an Error of its own, so the replay also
 * keeps the signal as `pending`, where `sql-template.ts` and `RenderSession` find it.
 */
export class IntrospectionSuspended {
  constructor(
    readonly request: IntrospectionRequest,
    readonly replay: QueryReplay,
  ) {}
}

/** The ordered log of one render's requests and answers, replayed pass after pass. */
export class QueryReplay {
  private readonly log: Array<{ key: string; request: IntrospectionRequest; answer: IntrospectionAnswer }> = [];
  private position = 0;
  /** the request the current pass stopped at, if it stopped */
  pending: IntrospectionSuspended | undefined;

  /** @param file the file rendered, for the nondeterminism error */
  constructor(readonly file: string) {}

  /** Start a pass: the next call reads the first answer again. */
  beginPass(): void {
    this.position = 0;
    this.pending = undefined;
  }

  /** The answer to the next call of this pass, or a suspension carrying `request`. */
  answer<K extends IntrospectionRequest['kind']>(
    request: Extract<IntrospectionRequest, { kind: K }>,
  ): IntrospectionAnswers[K] {
    const key = JSON.stringify(request);
    const recorded = this.log[this.position];
    if (!recorded) {
      this.pending = new IntrospectionSuspended(request, this);
      throw this.pending;
    }
    if (recorded.key !== key) {
      throw new StrataError(
        `${this.file} asked the warehouse something different on a second render: ` +
          `${describe(recorded.request)} became ${describe(request)}`,
        {
          location: { file: this.file },
          hint:
            'Introspective calls (run_query, statement, get_columns_in_relation, get_relation) must not depend ' +
            'on values that change from render to render (random numbers, the current time): ' +
            'use run_started_at instead of modules.datetime.datetime.now().',
        },
      );
    }
    this.position++;
    return recorded.answer as IntrospectionAnswers[K];
  }

  /** Record the answer to the request the last pass stopped at. */
  record(request: IntrospectionRequest, answer: IntrospectionAnswer): void {
    this.log.push({ key: JSON.stringify(request), request, answer });
    this.pending = undefined;
  }

  /** How many requests this render has run. */
  get size(): number {
    return this.log.length;
  }
}

function describe(request: IntrospectionRequest): string {
  if (request.kind === 'query') return `the query "${request.sql.trim().slice(0, 80)}"`;
  const { database, schema, identifier } = request.relation;
  const name = [database, schema, identifier].filter(Boolean).join('.');
  return request.kind === 'columns' ? `the columns of ${name}` : `the relation ${name}`;
}

/** The suspension a failed pass stopped at, whether nunjucks wrapped it or not. */
export function pendingSuspension(error: unknown, replays: Iterable<QueryReplay>): IntrospectionSuspended | undefined {
  if (error instanceof IntrospectionSuspended) return error;
  for (const replay of replays) if (replay.pending) return replay.pending;
  return undefined;
}
