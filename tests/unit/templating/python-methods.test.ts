import { describe, expect, it } from 'vitest';
import { renderJinja } from './jinja-render.js';

// Expected outputs are Jinja2 3.1's for the same templates.
describe('Python methods on strings, lists and dicts', () => {
  it('string methods', () => {
    expect(
      renderJinja(
        "{{ 'A,b , c'.split(',') }}|{{ 'a  b c'.split() }}|{{ 'a.b.c'.split('.', 1) }}|{{ '  x y  '.strip() }}|" +
          "{{ 'xxhixx'.strip('x') }}|{{ '  x'.lstrip() }}|{{ 'x  '.rstrip() }}",
      ),
    ).toBe("['A', 'b ', ' c']|['a', 'b', 'c']|['a', 'b.c']|x y|hi|x|x");
    expect(
      renderJinja(
        "{{ 'Ab'.upper() }}{{ 'Ab'.lower() }}|{{ 'foo_bar'.startswith('foo') }}" +
          "{{ 'foo_bar'.endswith(('x', 'bar')) }}|" +
          "{{ 'a-a-a'.replace('-', '+') }}|{{ 'a-a-a'.replace('-', '+', 1) }}",
      ),
    ).toBe('ABab|TrueTrue|a+a+a|a+a-a');
    expect(
      renderJinja(
        "{{ '{}_{}'.format('a', 1) }}|{{ '{0}{1}{0}'.format('x', 'y') }}|{{ '{name}!'.format(name='n') }}|" +
          "{{ ', '.join(['a', 'b']) }}|{{ 'hello world'.title() }}|{{ 'hELLO'.capitalize() }}|" +
          "{{ 'abcb'.find('b') }}|{{ 'abcb'.count('b') }}",
      ),
    ).toBe('a_1|xyx|n!|a, b|Hello World|Hello|1|2');
  });

  it('list methods change the list in place', () => {
    expect(
      renderJinja(
        "{% set l = ['b', 'a'] %}{% do l.append('c') %}{% do l.insert(0, 'z') %}{{ l }}|{{ l.pop() }}{{ l.pop(0) }}|" +
          "{{ l }}|{{ l.index('a') }}{{ l.count('a') }}|{% set c = l.copy() %}{% do c.sort() %}{{ c }}{{ l }}|" +
          "{% do l.remove('b') %}{{ l }}|{% do c.reverse() %}{{ c }}",
      ),
    ).toBe("['z', 'b', 'a', 'c']|cz|['b', 'a']|11|['a', 'b']['b', 'a']|['a']|['b', 'a']");
  });

  it('dict methods', () => {
    expect(
      renderJinja(
        "{% set d = {'a': 1, 'b': 2} %}{{ d.keys() | list }}|{{ d.values() | list }}|" +
          "{{ d.get('a') }}{{ d.get('z') }}{{ d.get('z', 3) }}|{% do d.update({'c': 3}) %}{{ d }}|" +
          "{{ d.pop('a') }}{{ d }}|{% set e = d.copy() %}{% do e.update(x=1) %}{{ e }}{{ d }}|" +
          "{{ d.setdefault('q', 5) }}{{ d }}|{% for k, v in d.items() %}{{ k }}{{ v }}{% endfor %}",
      ),
    ).toBe(
      "['a', 'b']|[1, 2]|1None3|{'a': 1, 'b': 2, 'c': 3}|1{'b': 2, 'c': 3}|{'b': 2, 'c': 3, 'x': 1}{'b': 2, 'c': 3}|" +
        "5{'b': 2, 'c': 3, 'q': 5}|b2c3q5",
    );
  });

  it("work on a macro's output and with negative indexes", () => {
    const macro = '{% macro name() %}My_Name{% endmacro %}';
    expect(renderJinja("{{ name().lower() }}|{{ name().upper() }}|{{ 'abc'[-1] }}|{{ [1, 2, 3][-2] }}", macro)).toBe(
      'my_name|MY_NAME|c|2',
    );
  });

  it('dict.pop of a missing key without a default fails clearly', () => {
    expect(() => renderJinja("{{ {'a': 1}.pop('b') }}")).toThrow(/no such key/);
  });
});
