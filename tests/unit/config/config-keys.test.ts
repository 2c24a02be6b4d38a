import { describe, expect, it } from 'vitest';
import { RedshiftDialect } from '../../../src/adapters/redshift/redshift-dialect.js';
import { SnowflakeDialect } from '../../../src/adapters/snowflake/snowflake-dialect.js';
import { checkConfigKeys, checkFolderConfigKeys, configKeysFor } from '../../../src/config/config-keys.js';
import { DBT_CONFIG_KEYS } from '../../../src/config/dbt-config-keys.js';
import { KNOWN_CONFIG_KEYS } from '../../../src/config/node-config.js';
import { expectStrataError } from '../../support/temp-project.js';

const at = (line: number) => () => ({ file: 'models/orders.sql', line });
/** How every warning about a dbt config key Strata ignores ends. */
const NO_EFFECT = 'is a dbt config Strata does not act on yet; it has no effect.';

describe('config keys', () => {
  it('accepts every key Strata acts on, with or without + and in dashed spelling', () => {
    const config = Object.fromEntries(KNOWN_CONFIG_KEYS.map((key) => [key, 'x']));
    expect(
      checkConfigKeys({ ...config, '+materialized': 'table', 'on-schema-change': 'fail' }, configKeysFor(), at(1), 'm'),
    ).toEqual([]);
  });

  it('refuses an unknown key at its place, naming the closest valid key', () => {
    expectStrataError(
      () =>
        checkConfigKeys(
          { tags: ['a'], materialised: 'table' },
          configKeysFor(),
          at(3),
          'the config() of model "orders"',
        ),
      {
        file: 'models/orders.sql',
        line: 3,
        message: 'Unknown config key "materialised" in the config() of model "orders"',
        hint: /^Did you mean "materialized"\?/,
      },
    );
    expectStrataError(() => checkConfigKeys({ '+uniqe_key': 'id' }, configKeysFor(), at(1), 'm'), {
      hint: /Did you mean "unique_key"\?/,
    });
  });

  it('warns, once per key and at its place, for a dbt config without an effect', () => {
    const warnings = checkConfigKeys(
      { persist_docs: { relation: true }, 'sql-header': 'set x = 1', materialized: 'table' },
      configKeysFor(),
      at(2),
      'the config() of model "orders"',
    );
    expect(warnings).toEqual([
      `models/orders.sql:2: "persist_docs" in the config() of model "orders" ${NO_EFFECT}`,
      `models/orders.sql:2: "sql-header" in the config() of model "orders" ${NO_EFFECT}`,
    ]);
  });

  it('says where constraints take effect when they are written as config, as dbt ignores them there', () => {
    const warnings = checkConfigKeys(
      { '+constraints': [{ type: 'primary_key', columns: ['id'] }] },
      configKeysFor(),
      at(4),
      '"models.shop" of dbt_project.yml',
    );
    expect(warnings).toEqual([
      'models/orders.sql:4: "+constraints" in "models.shop" of dbt_project.yml has no effect: constraints are a ' +
        'property of the model, not a config: write them in its schema YAML entry, beside columns: (model level) ' +
        'or under a column, with contract: {enforced: true}.',
    ]);
  });

  it("acts on a warehouse's own keys only on that warehouse", () => {
    const redshift = configKeysFor(new RedshiftDialect().capabilities.modelConfigKeys);
    const snowflake = configKeysFor(new SnowflakeDialect().capabilities.modelConfigKeys);
    expect(checkConfigKeys({ dist: 'id', sort: ['ts'] }, redshift, at(1), 'm')).toEqual([]);
    expect(checkConfigKeys({ dist: 'id' }, snowflake, at(1), 'm')).toHaveLength(1);
    expect(checkConfigKeys({ transient: false }, snowflake, at(1), 'm')).toEqual([]);
    expect(checkConfigKeys({ transient: false }, configKeysFor(), at(1), 'm')).toHaveLength(1);
  });

  it('counts every key a dialect acts on among dbt keys, so no other warehouse calls it unknown', () => {
    for (const dialect of [new RedshiftDialect(), new SnowflakeDialect()]) {
      for (const key of dialect.capabilities.modelConfigKeys ?? [])
        expect(DBT_CONFIG_KEYS, `${dialect.name}: ${key}`).toContain(key);
    }
  });

  it('checks project.yml folder trees: + keys, plain keys with a value, and the folders below', () => {
    const tree = {
      shop: {
        '+materialized': 'view',
        staging: { '+schema': 'staging', '+persist_docs': { relation: true }, empty: null },
        marts: { materialized: 'table', '+access': 'public' },
      },
    };
    const locate = (path: readonly string[]) => ({ file: 'project.yml', line: path.length });
    expect(checkFolderConfigKeys(tree, configKeysFor(), ['models'], locate)).toEqual([
      `project.yml:4: "+persist_docs" in "models.shop.staging" of project.yml ${NO_EFFECT}`,
      `project.yml:4: "+access" in "models.shop.marts" of project.yml ${NO_EFFECT}`,
    ]);
    expectStrataError(
      () =>
        checkFolderConfigKeys({ shop: { staging: { '+materialised': 'table' } } }, configKeysFor(), ['models'], locate),
      {
        line: 4,
        message: 'Unknown config key "+materialised" in "models.shop.staging" of project.yml',
      },
    );
    // a plain key with a scalar value is config, as configForPath reads it
    expectStrataError(() => checkFolderConfigKeys({ materialised: 'table' }, configKeysFor(), ['models'], locate), {
      message: /"materialised" in "models"/,
    });
  });
});
