import { describe, expect, it } from 'vitest';
import { renderJinja } from './jinja-render.js';

// Expected outputs are Jinja2 3.1's for the same templates (dbt's tojson/fromjson functions for the last case).
describe('Jinja tests', () => {
  it('answer as Jinja does', () => {
    expect(
      renderJinja(
        "{{ none is none }}{{ 1 is none }}|{{ 'a' is string }}{{ 1 is string }}|" +
          "{{ {} is mapping }}{{ [] is mapping }}{{ 'a' is mapping }}|{{ 1 is number }}{{ 1.5 is number }}" +
          "{{ 'a' is number }}|{{ [] is iterable }}{{ {} is iterable }}{{ 'a' is iterable }}{{ 1 is iterable }}|" +
          "{{ [] is sequence }}{{ 'a' is sequence }}|{{ x is defined }}{{ x is undefined }}|" +
          '{{ true is boolean }}{{ 1 is boolean }}|{{ 1 is integer }}{{ 1.5 is float }}|' +
          '{{ 1 is true }}{{ true is true }}{{ false is false }}|{{ none is not none }}',
      ),
    ).toBe(
      'TrueFalse|TrueFalse|TrueFalseFalse|TrueTrueFalse|TrueTrueTrueFalse|TrueTrue|FalseTrue|TrueFalse|TrueTrue|' +
        'FalseTrueTrue|False',
    );
  });

  it('see a namespace as neither a mapping nor iterable', () => {
    expect(renderJinja('{{ namespace(a=1) is mapping }}{{ namespace(a=1) is iterable }}')).toBe('FalseFalse');
  });

  it("see a macro's output as a string", () => {
    expect(renderJinja('{{ m() is string }}{{ m() is mapping }}', '{% macro m() %}x{% endmacro %}')).toBe('TrueFalse');
  });
});

describe('Jinja filters nunjucks lacks or implements differently', () => {
  it('map by attribute or by filter', () => {
    expect(
      renderJinja(
        "{{ [{'a': 1}, {'a': 2}] | map(attribute='a') | list }}|{{ ['a', 'b'] | map('upper') | join(',') }}|" +
          "{{ [{'a': 1}] | map(attribute='b', default=0) | list }}",
      ),
    ).toBe('[1, 2]|A,B|[0]');
  });

  it('selectattr and rejectattr, with and without a test', () => {
    expect(
      renderJinja(
        "{% set rows = [{'n': 'x', 'k': 1}, {'n': 'y', 'k': 0}, {'n': 'z', 'k': 2}] %}" +
          "{{ rows | selectattr('k') | map(attribute='n') | join }}|" +
          "{{ rows | rejectattr('k') | map(attribute='n') | join }}|" +
          "{{ rows | selectattr('k', 'equalto', 2) | map(attribute='n') | join }}|" +
          "{{ rows | selectattr('n', 'in', ['x', 'y']) | map(attribute='n') | join }}",
      ),
    ).toBe('xz|y|z|xy');
  });

  it('unique and sort, case-insensitive by default, with keyword arguments', () => {
    expect(
      renderJinja(
        "{{ ['b', 'A', 'a', 'b'] | unique | list }}|{{ [3, 1, 2] | sort }}|{{ [3, 1, 2] | sort(reverse=true) }}|" +
          "{{ [{'n': 'b'}, {'n': 'a'}] | sort(attribute='n') | map(attribute='n') | join }}|" +
          "{{ ['b', 'A', 'c'] | sort }}",
      ),
    ).toBe("['b', 'A']|[1, 2, 3]|[3, 2, 1]|ab|['A', 'b', 'c']");
  });

  it('tojson (sorted keys, HTML-safe), list and items', () => {
    expect(
      renderJinja(
        "{{ {'b': 1, 'a': [1, 'x']} | tojson }}|{{ \"<a'\" | tojson }}|{{ {'a': 1} | list }}|{{ 'ab' | list }}|" +
          "{% for k, v in {'a': 1} | items %}{{ k }}={{ v }}{% endfor %}",
      ),
    ).toBe('{"a": [1, "x"], "b": 1}|"\\u003ca\\u0027"|[\'a\']|[\'a\', \'b\']|a=1');
  });

  it('int, float, sum, min, max and count', () => {
    expect(
      renderJinja(
        "{{ '3.7' | int }}{{ 'x' | int }}{{ 'x' | int(5) }}{{ '2.5' | float }}|{{ [1, 2] | sum }}" +
          "{{ [{'v': 2}, {'v': 3}] | sum(attribute='v') }}|{{ [3, 1] | min }}{{ [3, 1] | max }}|" +
          '{{ [1, 2, 3] | count }}',
      ),
    ).toBe('3052.5|35|13|3');
  });

  it("nunjucks' own filters that already match Jinja", () => {
    expect(
      renderJinja(
        "{{ 'a-b' | replace('-', '_') }}|{{ 'AB' | lower }}{{ 'ab' | upper }}|{{ '  x  ' | trim }}|" +
          "{{ [1, 2] | length }}{{ 'abc' | length }}{{ {'a': 1} | length }}|" +
          "{{ x | default('d') }}{{ none | default('d') }}{{ '' | default('d', true) }}|{{ 1 | string }}|" +
          "{{ [1, 2] | first }}{{ [1, 2] | last }}|{{ [1, 2] | reverse | list }}{{ 'ab' | reverse }}|{{ -3 | abs }}|" +
          "{{ 2.567 | round(2) }}|{{ [1, 2, 3] | batch(2) | list }}|{{ ['a', 'b'] | join(', ') }}",
      ),
    ).toBe('a_b|abAB|x|231|dNoned|1|12|[2, 1]ba|3|2.57|[[1, 2], [3]]|a, b');
  });

  it("dbt's tojson() and fromjson() functions", () => {
    expect(
      renderJinja("{{ tojson({'b': 1, 'a': 2}) }}|{{ fromjson('{\"a\": [1, 2]}').a[1] }}|{{ fromjson('nope', 'd') }}"),
    ).toBe('{"b": 1, "a": 2}|2|d');
  });
});
