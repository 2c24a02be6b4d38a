import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DuckDbDialect } from '../../../src/adapters/duckdb/duckdb-dialect.js';
import { maskSecretsInOutput } from '../../../src/cli/mask-secret-output.js';
import { interpolateEnvVars, renderEnvVars } from '../../../src/config/env-var.js';
import { scrubSecretValues, secretEnvValues } from '../../../src/config/secret-env.js';
import { isSecretEnvName } from '../../../src/config/secret-names.js';
import { loadYamlFile } from '../../../src/config/yaml-file.js';
import { StrataError } from '../../../src/errors/strata-error.js';
import { TemplateEnvironment } from '../../../src/templating/environment.js';
import type { RenderScope } from '../../../src/templating/render-scope.js';
import { TemplateRelation } from '../../../src/templating/relation.js';
import { compileSqlTemplate } from '../../../src/templating/sql-template.js';
import { VariableResolver } from '../../../src/templating/variables.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

const ENV = {
  STRATA_ENV_SECRET_TOKEN: 'tok-9f2c',
  DBT_ENV_SECRET_PASSWORD: 'pa"ss<w0rd',
  STRATA_USER: 'alice',
  STRATA_ENV_SECRET_EMPTY: '',
};

describe('secret environment variables', () => {
  it('are those named STRATA_ENV_SECRET_* or DBT_ENV_SECRET_*', () => {
    expect(isSecretEnvName('STRATA_ENV_SECRET_TOKEN')).toBe(true);
    expect(isSecretEnvName('DBT_ENV_SECRET_GIT_CREDENTIAL')).toBe(true);
    expect(isSecretEnvName('STRATA_ENV_SECRETS')).toBe(false);
    expect(isSecretEnvName('DBT_PASSWORD')).toBe(false);
    expect(isSecretEnvName('strata_env_secret_token')).toBe(false);
  });

  it('have their non-empty values collected, longest first', () => {
    expect(secretEnvValues({ ...ENV, STRATA_ENV_SECRET_SHORT: 'tok', DBT_ENV_SECRET_SAME: 'tok-9f2c' })).toEqual([
      'pa"ss<w0rd',
      'tok-9f2c',
      'tok',
    ]);
  });

  it('are masked in text, in JSON and in JSON inlined into HTML', () => {
    const secrets = secretEnvValues(ENV);
    expect(scrubSecretValues('user alice, token tok-9f2c, again tok-9f2c', secrets)).toBe(
      'user alice, token *****, again *****',
    );
    const json = JSON.stringify({ password: 'pa"ss<w0rd' });
    expect(scrubSecretValues(json, secrets)).toBe('{"password":"*****"}');
    expect(scrubSecretValues(json.replace(/</g, '\\u003c'), secrets)).toBe('{"password":"*****"}');
    expect(scrubSecretValues('<failure message="pa&quot;ss&lt;w0rd"/>', secrets)).toBe('<failure message="*****"/>');
    expect(scrubSecretValues('nothing secret', [])).toBe('nothing secret');
  });

  it('are masked in everything written to an output stream', () => {
    let written = '';
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.toString();
        done();
      },
    });
    maskSecretsInOutput([stream], () => secretEnvValues(ENV));
    maskSecretsInOutput([stream], () => secretEnvValues(ENV)); // installing twice masks once
    stream.write('Error: cannot connect as alice with tok-9f2c\n');
    stream.write(Buffer.from('{"msg":"pa\\"ss<w0rd"}\n'));
    expect(written).toBe('Error: cannot connect as alice with *****\n{"msg":"*****"}\n');
  });
});

describe('reading a secret variable outside profiles.yml', () => {
  it('is allowed in profiles and hooks only', () => {
    const call = "{{ env_var('STRATA_ENV_SECRET_TOKEN') }}";
    expect(renderEnvVars(call, ENV, 'profile')).toEqual({ ok: true, text: 'tok-9f2c' });
    expect(renderEnvVars(call, ENV, 'hook')).toEqual({ ok: true, text: 'tok-9f2c' });
    expect(renderEnvVars(call, ENV, 'project')).toEqual({ ok: false, secret: 'STRATA_ENV_SECRET_TOKEN' });
    // unset or with a default, it is still not allowed: the rule is about the name
    expect(renderEnvVars("{{ env_var('DBT_ENV_SECRET_X', 'd') }}", {})).toEqual({
      ok: false,
      secret: 'DBT_ENV_SECRET_X',
    });
  });

  it('is an error at the line of project.yml that reads it', () => {
    const root = tempProject({
      'project.yml': 'name: shop\nvars:\n  token: "{{ env_var(\'STRATA_ENV_SECRET_TOKEN\') }}"\n',
    });
    const yaml = loadYamlFile(path.join(root, 'project.yml'), root);
    expectStrataError(() => interpolateEnvVars(yaml.value, yaml, ENV), {
      file: 'project.yml',
      line: 3,
      message: "Secret environment variable 'STRATA_ENV_SECRET_TOKEN' can only be used in profiles.yml",
      hint: /rename the variable without that prefix/,
    });
    const profile = tempProject({
      'profiles.yml': 'shop:\n  password: "{{ env_var(\'STRATA_ENV_SECRET_TOKEN\') }}"\n',
    });
    const profileYaml = loadYamlFile(path.join(profile, 'profiles.yml'), profile);
    expect(interpolateEnvVars(profileYaml.value, profileYaml, ENV, [], 'profile')).toEqual({
      shop: { password: 'tok-9f2c' },
    });
  });

  it('is an error at the file and line of a model that renders it, set or not', () => {
    const dialect = new DuckDbDialect();
    const variables = new VariableResolver({}, ENV);
    const scope: RenderScope = {
      file: 'models/orders.sql',
      dialect,
      target: { name: 'dev' },
      self: TemplateRelation.of({ schema: 'main', identifier: 'orders' }, dialect),
      ref: () => '',
      source: () => '',
      config: () => undefined,
      variable: (name, d) => variables.resolve(name, d, 'models/orders.sql'),
      envVar: (name, d) => variables.envVar(name, d, 'models/orders.sql'),
      isIncremental: () => false,
    };
    for (const call of ["env_var('STRATA_ENV_SECRET_TOKEN')", "env_var('DBT_ENV_SECRET_UNSET', 'x')"]) {
      const template = compileSqlTemplate(
        new TemplateEnvironment(),
        `select 1 as id,\n  '{{ ${call} }}' as token`,
        'models/orders.sql',
      );
      let caught: unknown;
      try {
        template.render(scope);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(StrataError);
      expect((caught as StrataError).location).toEqual({ file: 'models/orders.sql', line: 2 });
      expect((caught as StrataError).message).toMatch(
        /^Secret environment variable '\w+' can only be used in profiles\.yml$/,
      );
    }
    expect(variables.envVar('STRATA_USER', undefined, 'models/orders.sql')).toBe('alice');
    expect(variables.envVar('STRATA_ENV_SECRET_TOKEN', undefined, 'hooks', 'hook')).toBe('tok-9f2c');
  });
});
