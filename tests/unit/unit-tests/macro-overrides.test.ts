import { describe, expect, it } from 'vitest';
import { TemplateEnvironment } from '../../../src/templating/environment.js';
import { withMacroOverrides } from '../../../src/unit-tests/macro-overrides.js';

function environment(): TemplateEnvironment {
  const env = new TemplateEnvironment();
  env.macros.setRootProject('shop');
  env.macros.addPackage('dbt_utils');
  env.registerMacros(env.compile('{% macro discount() %}0.1{% endmacro %}', 'macros/discount.sql'));
  env.registerMacros(env.compile('{% macro star() %}*{% endmacro %}', 'dbt_utils/star.sql', 'dbt_utils'), 'dbt_utils');
  return env;
}

const render = (env: TemplateEnvironment, text: string) => env.nunjucks.renderString(text, {});

describe('withMacroOverrides', () => {
  it('answers a macro, a package macro and a context value with the given values while rendering', () => {
    const env = environment();
    const text = withMacroOverrides(env, { discount: 0.5, 'dbt_utils.star': 'id, name', invocation_id: 'abc' }, () =>
      render(env, '{{ discount() }} | {{ dbt_utils.star() }} | {{ invocation_id }}'),
    );
    expect(text).toBe('0.5 | id, name | abc');
  });

  it('puts every definition back afterwards, also when the render fails', () => {
    const env = environment();
    expect(() =>
      withMacroOverrides(env, { discount: 0.5, 'dbt_utils.star': 'x' }, () => {
        throw new Error('render failed');
      }),
    ).toThrow('render failed');
    expect(render(env, '{{ discount() }} | {{ dbt_utils.star() }}')).toBe('0.1 | *');
    withMacroOverrides(env, { invocation_id: 'abc' }, () => undefined);
    const descriptor = Object.getOwnPropertyDescriptor(
      (env.nunjucks as unknown as { globals: object }).globals,
      'invocation_id',
    );
    expect(descriptor?.get).toBeTypeOf('function');
  });
});
