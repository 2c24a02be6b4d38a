import { describe, expect, it } from 'vitest';
import { StrataError } from '../../../../src/errors/strata-error.js';
import { memoryWarehouse, renderDbt } from './render-dbt.js';

const render = async (template: string, config?: Record<string, unknown>) =>
  (await renderDbt(template, { config })).sql;

describe("dbt's context values", () => {
  it('reads the node config with config.get and config.require, config() stays callable', async () => {
    const config = { materialized: 'incremental', unique_key: 'id' };
    const template =
      "{{ config(tags=['x']) }}{{ config.get('materialized') }} {{ config.get('schema', 'fallback') }} " +
      "{{ config.get('missing') }} {{ config.require('unique_key') }}";
    expect(await render(template, config)).toBe('incremental fallback None id');
    // compiling (execute true): a missing required config is an error
    const { adapter, connection } = await memoryWarehouse();
    const error = await renderDbt("select 1\n{{ config.require('partition_by') }}", { config, connection })
      .catch((e: unknown) => e)
      .finally(() => connection.close().then(() => adapter.close()));
    expect(error).toBeInstanceOf(StrataError);
    expect((error as StrataError).message).toContain("config.require('partition_by')");
    expect((error as StrataError).location).toMatchObject({ file: 'models/m.sql', line: 2 });
  });

  it('requires nothing while parsing, when the config is not complete yet', async () => {
    const result = await renderDbt("[{{ config.require('unique_key') }}]{{ config.set('tags', ['x']) }}");
    expect(result.sql).toBe('[]');
  });

  it('gives model, graph, flags, invocation_id and builtins', async () => {
    expect(
      await render(
        "{{ model.unique_id }} {{ graph.nodes['model.p.m'].name }} {{ flags.WHICH }} {{ flags.FULL_REFRESH }}",
      ),
    ).toBe('model.p.m m run True');
    expect(await render('{{ invocation_id }}')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await render("{{ builtins.ref('orders') }} {{ builtins.source('raw', 'events') }}")).toBe(
      '"main"."orders" "raw"."events"',
    );
  });

  it('reads and writes YAML, and hashes locally', async () => {
    expect(await render("{{ fromyaml('a: 1\\nb: [x, y]')['b'][1] }}")).toBe('y');
    expect(await render("{{ toyaml({'a': [1, 2]}) }}")).toBe('a:\n- 1\n- 2\n');
    expect(await render("{{ local_md5('strata') }}")).toBe('77194479b2a7c2698a54a10abfeeda85');
  });

  it('stops with the message of exceptions.raise_compiler_error at its line', async () => {
    const error = await render("select 1\n{{ exceptions.raise_compiler_error('bad ' ~ 'input') }}").catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StrataError);
    expect((error as StrataError).message).toBe('Compilation Error: bad input');
    expect((error as StrataError).location).toMatchObject({ file: 'models/m.sql', line: 2 });
  });
});
