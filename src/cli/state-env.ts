/**
 * `--state`, `--defer`, `--defer-state` and `--favor-state` from the environment, as dbt reads
 * them: a flag on the command line wins; else the first variable set, in dbt 1.11's order (its
 * `DBT_ENGINE_` names, the `DBT_` names, then the names dbt 1.5 deprecated), after Strata's own.
 */
import { StrataError } from '../errors/strata-error.js';
import type { ReadFlags } from '../execution/defer-setup.js';

const PATH_VARIABLES: Record<'state' | 'deferState', readonly string[]> = {
  state: ['STRATA_STATE', 'DBT_ENGINE_STATE', 'DBT_STATE', 'DBT_ENGINE_ARTIFACT_STATE_PATH', 'DBT_ARTIFACT_STATE_PATH'],
  deferState: ['STRATA_DEFER_STATE', 'DBT_ENGINE_DEFER_STATE', 'DBT_DEFER_STATE'],
};

const SWITCH_VARIABLES: Record<'defer' | 'favorState', readonly string[]> = {
  defer: ['STRATA_DEFER', 'DBT_ENGINE_DEFER', 'DBT_DEFER', 'DBT_ENGINE_DEFER_TO_STATE', 'DBT_DEFER_TO_STATE'],
  favorState: [
    'STRATA_FAVOR_STATE',
    'DBT_ENGINE_FAVOR_STATE',
    'DBT_FAVOR_STATE',
    'DBT_ENGINE_FAVOR_STATE_MODE',
    'DBT_FAVOR_STATE_MODE',
  ],
};

// the words dbt's command line library reads as a boolean, in any case
const TRUE_WORDS = ['1', 'true', 't', 'yes', 'y', 'on'];
const FALSE_WORDS = ['0', 'false', 'f', 'no', 'n', 'off'];

/**
 * `flags` with each of the four left unset on the command line taken from the environment.
 *
 * @throws StrataError when a switch variable holds something other than a boolean word.
 */
export function withStateEnv<T extends ReadFlags>(flags: T, env: NodeJS.ProcessEnv = process.env): T {
  const merged: T = { ...flags };
  for (const flag of ['state', 'deferState'] as const) {
    const found = firstSet(PATH_VARIABLES[flag], env);
    if (merged[flag] === undefined && found) merged[flag] = found.value;
  }
  for (const flag of ['defer', 'favorState'] as const) {
    const found = firstSet(SWITCH_VARIABLES[flag], env);
    if (merged[flag] === undefined && found) merged[flag] = switchValue(found.name, found.value);
  }
  return merged;
}

/** The first variable of `names` set to a non-empty value (an empty one counts as unset, as in dbt). */
function firstSet(names: readonly string[], env: NodeJS.ProcessEnv): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') return { name, value };
  }
  return undefined;
}

function switchValue(name: string, value: string): boolean {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  throw new StrataError(`${name}=${value} is not a boolean`, {
    hint: `Set ${name} to true or false (1/0, yes/no, on/off also work), or unset it.`,
  });
}
