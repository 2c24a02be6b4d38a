import { describe, expect, it } from 'vitest';
import { withStateEnv } from '../../../src/cli/state-env.js';
import { StrataError } from '../../../src/errors/strata-error.js';

describe('withStateEnv', () => {
  it("takes each flag left unset from dbt's variables, the DBT_ENGINE_ name before the DBT_ one", () => {
    const env = { DBT_STATE: 'old', DBT_ENGINE_STATE: 'new', DBT_DEFER: 'on', DBT_DEFER_STATE: 'prod' };
    expect(withStateEnv({}, env)).toEqual({ state: 'new', defer: true, deferState: 'prod' });
  });

  it('keeps what the command line says, a --no- flag included', () => {
    const env = { DBT_STATE: 'env', DBT_DEFER: 'true', DBT_FAVOR_STATE: 'true' };
    expect(withStateEnv({ state: 'flag', defer: false }, env)).toEqual({
      state: 'flag',
      defer: false,
      favorState: true,
    });
  });

  it("reads the names dbt 1.5 deprecated, last, and Strata's own, first", () => {
    const env = { DBT_ARTIFACT_STATE_PATH: 'legacy', DBT_DEFER_TO_STATE: 'y', DBT_FAVOR_STATE_MODE: 'F' };
    expect(withStateEnv({}, env)).toEqual({ state: 'legacy', defer: true, favorState: false });
    expect(withStateEnv<{ state?: string }>({}, { ...env, STRATA_STATE: 'own', DBT_STATE: 'dbt' }).state).toBe('own');
  });

  it('treats an empty variable as unset and refuses a switch that is not a boolean word', () => {
    expect(withStateEnv({}, { DBT_STATE: '', DBT_DEFER: '' })).toEqual({});
    expect(() => withStateEnv({}, { DBT_FAVOR_STATE: 'sometimes' })).toThrow(StrataError);
    expect(() => withStateEnv({}, { DBT_FAVOR_STATE: 'sometimes' })).toThrow(
      'DBT_FAVOR_STATE=sometimes is not a boolean',
    );
  });
});
