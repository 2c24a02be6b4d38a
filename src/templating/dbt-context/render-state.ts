import type { DbtInvocation } from './invocation.js';
import type {
  IntrospectionAnswers,
  IntrospectionRequest,
  IntrospectionSuspended,
  QueryReplay,
} from './introspection.js';

/** One line a template asked to print, kept until its render completes. */
export interface OutputLine {
  kind: 'log' | 'print' | 'warn';
  message: string;
}

/** What dbt's context needs to know about the node being rendered. */
export interface DbtNodeContext {
  /** dbt's `model`: the node as manifest.json has it (parse: the little known yet) */
  model(): Record<string, unknown>;
  /** `config.get(key)`: the node's config value as dbt names it, undefined when unset */
  configValue(key: string): unknown;
  /** dbt's `graph`: nodes and sources by unique id (parse: empty, as dbt's is incomplete then) */
  graph(): Record<string, unknown>;
}

/** The answers introspective calls get while parsing, when `execute` is false (as in dbt). */
const PARSE_ANSWERS: { [K in keyof IntrospectionAnswers]: IntrospectionAnswers[K] | undefined } = {
  query: undefined,
  columns: [],
  relation: null,
};

/**
 * The dbt context of one render: `execute`, the node, the introspective calls' replay, the
 * statement results (`load_result`) and the output lines of the pass under way. A pass
 * that stops at an unanswered request is rendered again from the start, so the results
 * and output restart with each pass and only the completed pass's lines are printed.
 */
export class DbtRenderState {
  /** output of the pass under way */
  output: OutputLine[] = [];
  /** `{% call statement(name) %}` results of the pass under way, for `load_result(name)` */
  readonly results = new Map<string, unknown>();

  constructor(
    readonly execute: boolean,
    readonly invocation: DbtInvocation,
    readonly node: DbtNodeContext,
    /** present when `execute` is true */
    private readonly replay?: QueryReplay,
  ) {
    replay?.beginPass();
  }

  /** The answer to an introspective call; while parsing, dbt's empty answer without a query. */
  introspect<K extends IntrospectionRequest['kind']>(
    request: Extract<IntrospectionRequest, { kind: K }>,
  ): IntrospectionAnswers[K] | undefined {
    if (!this.execute || !this.replay) return PARSE_ANSWERS[request.kind] as IntrospectionAnswers[K] | undefined;
    return this.replay.answer(request);
  }

  /** The request the pass under way stopped at, if it stopped at one. */
  get suspension(): IntrospectionSuspended | undefined {
    return this.replay?.pending;
  }

  /** Print the completed render's lines. */
  flush(): void {
    const { output } = this.invocation;
    for (const line of this.output) output[line.kind](line.message);
    this.output = [];
  }
}
