/**
 * dbt's context on top of the template environment's own globals: `execute`, `log`,
 * `exceptions`, `modules`, `run_query`, `statement`, `graph`, `flags`... Everything that
 * changes per render reads the active scope's `DbtRenderState` (render-state.ts).
 */
import { dbtSet, dbtTrySet } from '../python-set.js';
import type nunjucks from 'nunjucks';
import { activeScope, currentScope } from '../render-scope.js';
import { splitArguments } from '../template-args.js';
import {
  adapterExecute,
  getColumnsInRelation,
  getRelation,
  loadRelation,
  loadResult,
  runQuery,
  statement,
} from './introspective-calls.js';
import { DbtInvocation } from './invocation.js';
import { exceptions, log, print } from './output.js';
import { datetimeModule, pytzModule } from './py-datetime.js';
import { itertoolsModule, pythonZip } from './py-itertools.js';
import { reModule } from './py-re.js';
import { createRelation } from './relation-api.js';
import { fromYaml, localMd5, toYaml } from './yaml-md5.js';
import { StrataError } from '../../errors/strata-error.js';

type Callable = (...args: unknown[]) => unknown;

/** The invocation of renders whose scope carries none (unit tests of single templates). */
const DEFAULT_INVOCATION = new DbtInvocation();

function invocation(): DbtInvocation {
  return currentScope()?.dbt?.invocation ?? DEFAULT_INVOCATION;
}

/** `config.get(key, default=None)`: the node's value for a config key, else the default. */
function configGet(...args: unknown[]): unknown {
  const { positional, keywords } = splitArguments(args);
  const value = activeScope().dbt?.node.configValue(String(positional[0] ?? keywords.name));
  return value === undefined || value === null ? (positional[1] ?? keywords.default ?? null) : value;
}

/**
 * `config.require(key)`: the node's value for a config key; an error naming the key when unset.
 * While parsing the config is not complete yet (project and YAML config come later), so, as
 * in dbt, nothing is required then.
 */
function configRequire(key: unknown): unknown {
  const state = activeScope().dbt;
  const value = state?.node.configValue(String(key));
  if (!state?.execute) return value ?? '';
  if (value === undefined || value === null) {
    throw new StrataError(`config.require('${String(key)}'): the config '${String(key)}' is not set on this node`, {
      hint: `Set it with {{ config(${String(key)}=...) }}, in the node's YAML config:, or in the project config.`,
    });
  }
  return value;
}

/**
 * Add dbt's context to `env`. `guard` wraps each function as the environment wraps its own
 * (a StrataError keeps its message through nunjucks' rewrapping).
 */
export function registerDbtContext(env: nunjucks.Environment, guard: (fn: Callable) => Callable): void {
  const globals = (env as unknown as { globals: Record<string, unknown> }).globals;
  const add = (name: string, value: unknown) =>
    env.addGlobal(name, typeof value === 'function' ? guard(value as Callable) : value);
  const getter = (name: string, get: () => unknown) =>
    Object.defineProperty(globals, name, { get, enumerable: true, configurable: true });
  const guarded = <T extends Record<string, unknown>>(object: T) =>
    Object.fromEntries(
      Object.entries(object).map(([key, value]) => [
        key,
        typeof value === 'function' ? guard(value as Callable) : value,
      ]),
    );

  getter('execute', () => currentScope()?.dbt?.execute ?? false);
  getter('invocation_id', () => invocation().invocationId);
  getter('run_started_at', () => invocation().runStartedAtValue);
  getter('flags', () => invocation().flags);
  getter('model', () => currentScope()?.dbt?.node.model() ?? {});
  getter('graph', () => currentScope()?.dbt?.node.graph() ?? { nodes: {}, sources: {} });

  add('log', log);
  add('print', print);
  add('exceptions', guarded(exceptions));
  add('modules', { datetime: datetimeModule, re: guarded(reModule), itertools: itertoolsModule, pytz: pytzModule });
  add('zip', pythonZip);
  add('set', dbtSet);
  add('try_set', dbtTrySet);
  add('fromyaml', fromYaml);
  add('toyaml', toYaml);
  add('local_md5', localMd5);
  add('run_query', runQuery);
  add('statement', statement);
  add('load_result', loadResult);
  add('load_relation', loadRelation);
  add('api', { Relation: { create: guard((...args) => createRelation(activeScope().dialect, args)) } });

  const adapter = globals.adapter as Record<string, unknown>;
  Object.assign(adapter, {
    quote: guard((identifier) => activeScope().dialect.quoteIdentifier(String(identifier))),
    type: () => activeScope().dialect.name,
    get_relation: guard(getRelation),
    get_columns_in_relation: guard(getColumnsInRelation as Callable),
    execute: guard(adapterExecute),
  });
  const config = globals.config as Callable & Record<string, unknown>;
  config.get = guard(configGet);
  config.require = guard(configRequire);
  // `config.set(key, value)` is `config(key=value)`
  config.set = guard((key, value) => config({ [String(key)]: value }));
  add('builtins', { ref: globals.ref, source: globals.source, config });
}
