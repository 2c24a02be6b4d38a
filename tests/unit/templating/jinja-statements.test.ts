import { describe, expect, it } from 'vitest';
import { renderJinja } from './jinja-render.js';

// Expected outputs are Jinja2 3.1's (with dbt's `return`) for the same templates.
describe('Jinja statements as dbt writes them', () => {
  it('{% do %} evaluates an expression and emits nothing', () => {
    const sql = "{% set cols = [] %}{% do cols.append('a') %}{% do cols.extend(['b', 'c']) %}{{ cols | join(',') }}";
    expect(renderJinja(sql)).toBe('a,b,c');
  });

  it('{{ return(x) }} ends a macro and the caller receives x itself', () => {
    const macros = "{% macro cols() %}ignored{{ return(['id', 'name']) }}{% endmacro %}";
    expect(renderJinja('{% set c = cols() %}{{ c | length }} {{ c[1] }} {{ c[-1] }}', macros)).toBe('2 name name');
    const dict = "{% macro cfg() %}{% do return({'a': 1}) %}after{% endmacro %}";
    expect(renderJinja('{{ cfg().a }}', dict)).toBe('1');
  });

  it('return() passes through loops and nested macro calls, and is an error outside a macro', () => {
    const macros =
      '{% macro inner() %}{% for i in [1, 2, 3] %}{% if i == 2 %}{{ return(i * 10) }}{% endif %}{% endfor %}' +
      '{% endmacro %}{% macro outer() %}{% set v = inner() %}{{ return(v + 1) }}{% endmacro %}';
    expect(renderJinja('{{ outer() }}', macros)).toBe('21');
    expect(() => renderJinja('select 1\n{{ return(1) }}')).toThrow(
      expect.objectContaining({
        message: 'return() is only allowed inside a {% macro %}',
        location: { file: 'models/m.sql', line: 2 },
      }),
    );
  });

  it('{% set %} block form captures rendered text', () => {
    expect(renderJinja('{% set sql %}select {{ 1 + 1 }}{% endset %}[{{ sql | trim }}]')).toBe('[select 2]');
  });

  it('{% call %} passes its body as caller(), with arguments', () => {
    const wrap = '{% macro wrap(name) %}<{{ name }}>{{ caller() }}</{{ name }}>{% endmacro %}';
    expect(renderJinja("{% call wrap('b') %}inner{% endcall %}", wrap)).toBe('<b>inner</b>');
    const each = '{% macro each(items) %}{% for i in items %}{{ caller(i) }}{% endfor %}{% endmacro %}';
    expect(renderJinja('{% call(x) each([1, 2]) %}[{{ x }}]{% endcall %}', each)).toBe('[1][2]');
  });

  it('binds keyword arguments and defaults', () => {
    const macro = "{% macro m(a, b=1, c='x') %}{{ a }}-{{ b }}-{{ c }}{% endmacro %}";
    expect(renderJinja("{{ m(0) }} {{ m(0, c='y') }} {{ m(a=5, b=2) }} {{ m(1, 2, 3) }}", macro)).toBe(
      '0-1-x 0-1-y 5-2-x 1-2-3',
    );
  });

  it('gives a macro its extra arguments as varargs and kwargs', () => {
    const macro =
      "{% macro v(a) %}{{ a }}|{{ varargs | join(',') }}|" +
      '{% for k, val in kwargs.items() %}{{ k }}={{ val }};{% endfor %}{% endmacro %}';
    expect(renderJinja('{{ v(1, 2, 3, x=4, y=5) }}', macro)).toBe('1|2,3|x=4;y=5;');
  });

  it('rejects extra arguments a macro does not take, as Jinja does', () => {
    const macro = '{% macro one(a) %}{{ a }}{% endmacro %}';
    expect(() => renderJinja('select\n{{ one(1, 2) }}', macro)).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/^one\(a\) takes not more than 1 argument\(s\), got 2/),
        location: { file: 'models/m.sql', line: 2 },
      }),
    );
    expect(() => renderJinja('{{ one(1, b=2) }}', macro)).toThrow(/takes no keyword argument 'b'/);
  });

  it('namespace() attributes change inside a loop', () => {
    const sql =
      '{% set ns = namespace(total=0) %}{% for i in [1, 2, 3] %}{% set ns.total = ns.total + i %}{% endfor %}' +
      '{{ ns.total }}';
    expect(renderJinja(sql)).toBe('6');
  });

  it('assigning an attribute of something else than a namespace is an error', () => {
    expect(() => renderJinja("{% set d = {'a': 1} %}{% set d.a = 2 %}{{ d.a }}")).toThrow(/only a namespace\(\)/);
  });

  it('loop.* variables', () => {
    const sql =
      "{% for x in ['a', 'b', 'c'] %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}" +
      '{{ loop.first }}{{ loop.last }}{{ loop.length }}{% if not loop.last %},{% endif %}{% endfor %}';
    expect(renderJinja(sql)).toBe('1032TrueFalse3,2121FalseFalse3,3210FalseTrue3');
    expect(renderJinja("{% for x in [1, 2, 3] %}{{ loop.cycle('odd', 'even') }} {% endfor %}")).toBe('odd even odd ');
  });

  it('prints values as Python does', () => {
    const sql = "{{ true }} {{ none }} {{ [1, 'a', none, true] }} {{ {'k': 'v'} }} {{ True }} {{ None }}";
    expect(renderJinja(sql)).toBe("True None [1, 'a', None, True] {'k': 'v'} True None");
  });

  it('tuples are sequences and % formats strings as in Python', () => {
    expect(renderJinja("{% for a, b in [('x', 1), ('y', 2)] %}{{ a }}{{ b }}{% endfor %}{{ (1, 2) | length }}")).toBe(
      'x1y22',
    );
    expect(
      renderJinja(
        "{{ '%s-%s' % ('a', 'b') }}|{{ '%05.1f|%d|%-3s|' % (3.14159, 7.9, 'x') }}{{ 7 % 3 }}{{ -1 % 3 }}" +
          "{{ '%(k)s' % {'k': 1} }}",
      ),
    ).toBe('a-b|003.1|7|x  |121');
  });

  it('slices lists and strings as Python does', () => {
    expect(
      renderJinja(
        "{{ [1, 2, 3, 4][1:] }}|{{ 'abcdef'[:-2] }}|{{ [1, 2, 3][::-1] }}|{{ 'abcdef'[1:5:2] }}|" +
          "{% set c = ['a', 'b', 'c'] %}{{ c[1:] | join(',') }}|{{ c[-2:] }}|{{ [1, 2,] }}|" +
          '{{ c[0] }}{{ c[-1] }}|{{ [] }}',
      ),
    ).toBe("[2, 3, 4]|abcd|[3, 2, 1]|bd|b,c|['b', 'c']|[1, 2]|ac|[]");
  });

  it('a loop filter keeps the items its condition holds for; loop.* and else count only those', () => {
    const template =
      "{% for c in ['a', 1, 'b', none] if c is string %}{{ loop.index }}{{ c }}{{ ',' if not loop.last }}" +
      '{% endfor %}|{% for x in [1, 2] if x > 5 %}{{ x }}{% else %}none kept{% endfor %}';
    expect(renderJinja(template)).toBe('1a,2b|none kept');
    const pairs = "{% for k, v in {'a': 1, 'b': 0, 'c': 3}.items() if v %}{{ k }}={{ v }} {% endfor %}";
    expect(renderJinja(pairs)).toBe('a=1 c=3 ');
    const inMacro = '{% macro kept(xs, low) %}{% for x in xs if x >= low %}{{ x }}{% endfor %}{% endmacro %}';
    expect(renderJinja('{{ kept([3, 9, 5], 5) }}', inMacro)).toBe('95');
  });

  it('+ joins lists and * repeats strings and lists, as in Python', () => {
    expect(renderJinja("{{ (['a'] + ['b', 'c']) | join(',') }} {{ 1 + 2 }} {{ 'x' ~ 'y' + 'z' }}")).toBe('a,b,c 3 xyz');
    expect(renderJinja("{{ '-' * 3 }} {{ ([0] * 2) | length }} {{ 2 * 3 }}")).toBe('--- 2 6');
    expect(() => renderJinja("{{ ['a'] + 'b' }}")).toThrow(/can only add a list to another list/);
  });

  it('dict keys are expressions: a name reads its variable, a call its result', () => {
    const template =
      "{% set key = 'id' %}{% set d = {key: 1, 'b': 2, key.upper() ~ '_X': 3, 4: 'four'} %}" +
      "{{ d['id'] }} {{ d.b }} {{ d['ID_X'] }} {{ d[4] }} {{ d | length }}|{% set e = {} %}{{ e | length }}";
    expect(renderJinja(template)).toBe('1 2 3 four 4|0');
    const columns = "{% set m = {} %}{% for c in ['A', 'B'] %}{% do m.update({c.lower(): loop.index}) %}{% endfor %}";
    expect(renderJinja(`${columns}{{ m.a }}{{ m.b }}`)).toBe('12');
  });

  it('unpacks *items and **options into a call', () => {
    const macros =
      '{% macro show(a, b=0, c=0) %}{{ a }}-{{ b }}-{{ c }}{% endmacro %}' +
      '{% macro pass_on(x) %}{{ show(x, *varargs, **kwargs) }}{% endmacro %}';
    expect(renderJinja("{{ show(*[1, 2, 3]) }} {{ show(1, **{'c': 5}) }} {{ show(*[7], c=9) }}", macros)).toBe(
      '1-2-3 1-0-5 7-0-9',
    );
    expect(renderJinja('{{ pass_on(1, 2) }} {{ pass_on(1, c=3) }} {{ pass_on(4) }}', macros)).toBe('1-2-0 1-0-3 4-0-0');
    expect(() => renderJinja("{{ show(1, c=2, **{'c': 3}) }}", macros)).toThrow(
      /multiple values for keyword argument 'c'/,
    );
  });

  it('a method call on a multi-line string literal compiles', () => {
    // Python drops a backslash-newline inside a string; nunjucks keeps the newline (CONTEXT.md)
    const template = "{% set message = 'Warning: {}\nin model {}.'.format('a', 'b') %}{{ message }}";
    expect(renderJinja(template)).toBe('Warning: a\nin model b.');
  });

  it("a macro file's macros named with a leading underscore are callable too, as dbt collects them", () => {
    const macros = '{% macro _helper(x) %}[{{ x }}]{% endmacro %}{% macro public(x) %}{{ _helper(x) }}{% endmacro %}';
    expect(renderJinja('{{ _helper(1) }} {{ public(2) }}', macros)).toBe('[1] [2]');
  });

  it('a relation is a mapping whose metadata type ends in Relation, as packages check', () => {
    const check = "{{ this is mapping }} {{ this.get('metadata', {}).get('type', '').endswith('Relation') }}";
    expect(renderJinja(`${check} {{ this.get('identifier') }} {{ {} is mapping }} {{ 'x' is mapping }}`)).toBe(
      'True True m True False',
    );
  });

  it("conditions take Python's truth: empty lists, dicts and macro output are false", () => {
    const macros = '{% macro nothing() %}{% endmacro %}{% macro something() %}x{% endmacro %}';
    const template =
      '{% if [] %}a{% endif %}{% if {} %}b{% endif %}{% if not [] %}c{% endif %}{% if [0] %}d{% endif %}' +
      "{% if nothing() %}e{% endif %}{% if something() %}f{% endif %}|{{ [] or 'fallback' }}|{{ [1] and 'both' }}|" +
      "{{ 'yes' if {'k': 1} else 'no' }}{{ 'yes' if {} else 'no' }}|{{ 0 or none }}";
    expect(renderJinja(template, macros)).toBe('cdf|fallback|both|yesno|None');
  });

  it('and/or evaluate their right side only when Python would', () => {
    const template = '{% set seen = [] %}{% set r = [] and seen.append(1) %}{% set s = [1] or seen.append(2) %}';
    expect(renderJinja(`${template}{{ seen | length }} {{ r | length }} {{ s[0] }}`)).toBe('0 0 1');
  });

  it('{% set ns.attr %} block form assigns the captured text to the namespace', () => {
    const template = '{% set ns = namespace(msg="") %}{% set ns.msg %}keys: {{ 1 + 1 }}{% endset %}[{{ ns.msg }}]';
    expect(renderJinja(template)).toBe('[keys: 2]');
  });

  it('== and != compare lists and dicts by their items, as in Python', () => {
    const template =
      "{{ [1, 2] == [1, 2] }} {{ [1, 2] != [2, 1] }} {{ {'a': [1]} == {'a': [1]} }} {{ 'x' == 'x' }} {{ 1 != 1 }}";
    expect(renderJinja(template)).toBe('True True True True False');
  });

  it('unpacks pairs in for loops and in set', () => {
    expect(renderJinja("{% for k, v in {'b': 2, 'a': 1}.items() %}{{ k }}{{ v }}{% endfor %}")).toBe('b2a1');
    expect(
      renderJinja("{% set a, b = ('x', 'y') %}{% set p = [1, 2] %}{% set c, d = p %}{{ a }}{{ b }}{{ c }}{{ d }}"),
    ).toBe('xy12');
  });
});

describe('whitespace control, comments and raw blocks', () => {
  it('trims with - and drops comments', () => {
    const sql =
      "a\n{%- if true %}\n  b\n{%- endif %}\n{# a comment #}c {#- trimmed -#}  d\n{% raw %}{{ ref('x') }}{% endraw %}";
    expect(renderJinja(sql)).toBe("a\n  b\ncd\n{{ ref('x') }}");
  });
});
