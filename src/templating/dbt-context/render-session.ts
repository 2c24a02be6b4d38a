/**
 * One compile of one node (with the ephemeral models it pulls in), pass after pass until
 * every introspective call has its answer. Each rendered file keeps its own replay, so a
 * render cached after an earlier pass does not shift another's answers.
 */
import { StrataError } from '../../errors/strata-error.js';
import type { DbtInvocation } from './invocation.js';
import { MAX_RENDER_PASSES, pendingSuspension, QueryReplay, type IntrospectionRunner } from './introspection.js';
import { DbtRenderState, type DbtNodeContext } from './render-state.js';

export class RenderSession {
  private readonly replays = new Map<string, QueryReplay>();
  /** the last completed render of each file, whose lines print once the whole compile completes */
  private readonly completed = new Map<string, DbtRenderState>();

  constructor(
    readonly invocation: DbtInvocation,
    /** runs the requests; absent where no warehouse may be used (the docs site) */
    private readonly run?: IntrospectionRunner,
  ) {}

  /** The dbt context for a render of `key` (a unique id) in the pass under way. */
  stateFor(key: string, file: string, node: DbtNodeContext): DbtRenderState {
    let replay = this.replays.get(key);
    if (!replay) this.replays.set(key, (replay = new QueryReplay(file)));
    return new DbtRenderState(true, this.invocation, node, replay);
  }

  /** A render of `key` completed with `state`. */
  complete(key: string, state: DbtRenderState): void {
    this.completed.delete(key);
    this.completed.set(key, state);
  }

  /** Run `pass` until it completes, answering the request each failed pass stopped at; then print its lines. */
  async render<T>(file: string, pass: () => T): Promise<T> {
    for (let count = 1; ; count++) {
      try {
        const result = pass();
        this.flush();
        return result;
      } catch (error) {
        const suspended = pendingSuspension(error, this.replays.values());
        if (!suspended) throw error;
        if (!this.run) throw needsWarehouse(file);
        if (count >= MAX_RENDER_PASSES) {
          throw new StrataError(`${file} makes more than ${MAX_RENDER_PASSES - 1} introspective calls in one render`, {
            location: { file },
            hint: 'Fetch what you need with fewer run_query/statement calls, e.g. one query over all the values.',
          });
        }
        suspended.replay.record(suspended.request, await this.run(suspended.request, suspended.replay.file));
      }
    }
  }

  /** Run `pass` once, where no warehouse may be asked (a request is an error). */
  renderNow<T>(file: string, pass: () => T): T {
    try {
      const result = pass();
      this.flush();
      return result;
    } catch (error) {
      if (pendingSuspension(error, this.replays.values())) throw needsWarehouse(file);
      throw error;
    }
  }

  private flush(): void {
    for (const state of this.completed.values()) state.flush();
    this.completed.clear();
  }
}

function needsWarehouse(file: string): StrataError {
  return new StrataError(`${file} asks the warehouse while it renders (run_query, statement, get_relation...)`, {
    location: { file },
    hint: 'This command renders without a connection: guard the call with {% if execute %} or run strata compile.',
  });
}
