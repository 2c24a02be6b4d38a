import { describe, expect, it } from 'vitest';
import type { Adapter, AdapterFactory, TargetConfig } from '../../../src/adapters/contract.js';
import {
  createAdapter,
  createDialect,
  knownAdapterTypes,
  registerAdapterFactory,
} from '../../../src/adapters/registry.js';
import { StrataError } from '../../../src/errors/strata-error.js';

const target = (type: string, settings: Record<string, unknown> = {}): TargetConfig => ({
  name: 'dev',
  type,
  schema: 'main',
  threads: 1,
  settings,
});

describe('adapter registry', () => {
  it('knows the four warehouses', () => {
    expect(knownAdapterTypes()).toEqual(expect.arrayContaining(['duckdb', 'athena', 'redshift', 'snowflake']));
    expect(createDialect('snowflake').name).toBe('snowflake');
  });

  it('refuses an unknown type, listing the known ones', async () => {
    const error = await createAdapter(target('postgress'), '/p').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrataError);
    expect((error as StrataError).format()).toMatch(
      /Target 'dev': unknown adapter type 'postgress'\.\n {2}Known types: duckdb, athena, redshift, snowflake/,
    );
    expect(() => createDialect('nope')).toThrow(/unknown adapter type 'nope'/i);
  });

  it('says which required settings an Athena target lacks, without loading the AWS SDK', async () => {
    const error = await createAdapter(target('athena', { region: 'eu-west-1' }), '/p').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrataError);
    expect((error as StrataError).message).toBe("Target 'dev' (athena) is missing: s3_staging_dir, s3_data_dir.");
  });

  it('refuses an Athena data dir that is not an S3 URI, naming the setting', async () => {
    const settings = { s3_staging_dir: 's3://results/q/', s3_data_dir: '/tmp/lake' };
    await expect(createAdapter(target('athena', settings), '/p')).rejects.toThrow(
      /s3_data_dir must be an s3:\/\/bucket\/prefix\/ URI, got "\/tmp\/lake"/,
    );
  });

  it('loads a factory lazily and checks required settings', async () => {
    let loads = 0;
    const fake: AdapterFactory = {
      type: 'fake',
      settings: [{ name: 'host', type: 'string', required: true, description: 'server host' }],
      create: async (t) => ({ target: t }) as unknown as Adapter,
    };
    registerAdapterFactory('fake', async () => {
      loads++;
      return fake;
    });
    expect(loads).toBe(0);
    await expect(createAdapter(target('fake'), '/p')).rejects.toThrow(/missing: host/);
    const adapter = await createAdapter(target('fake', { host: 'localhost' }), '/p');
    expect(adapter.target.settings).toEqual({ host: 'localhost' });
    expect(loads).toBe(2);
  });
});
