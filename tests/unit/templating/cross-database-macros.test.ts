import { describe, expect, it } from 'vitest';
import { StrataError } from '../../../src/errors/strata-error.js';
import { BUILTIN_MACROS } from '../../../src/templating/builtin-macros.js';
import { renderFor, renderOnEach } from './cross-database-render.js';

/** The error a template raises when rendered for `adapter`. */
function renderError(template: string, adapter = 'duckdb'): StrataError {
  try {
    renderFor(adapter, template);
  } catch (error) {
    expect(error).toBeInstanceOf(StrataError);
    return error as StrataError;
  }
  throw new Error(`expected ${template} to fail`);
}

describe("dbt's cross-database macros, golden SQL on every adapter", () => {
  it('registers every macro dbt-core 1.10 ships under its dbt name', () => {
    const dbtMacros = [
      ...['any_value', 'array_append', 'array_concat', 'array_construct', 'bool_or', 'cast', 'cast_bool_to_text'],
      ...['concat', 'current_timestamp', 'current_timestamp_backcompat', 'current_timestamp_in_utc_backcompat'],
      ...['date', 'date_spine', 'date_trunc', 'dateadd', 'datediff', 'equals', 'escape_single_quotes', 'except'],
      ...['generate_series', 'get_intervals_between', 'get_powers_of_two', 'hash', 'intersect', 'last_day'],
      ...['length', 'listagg', 'position', 'replace', 'right', 'safe_cast', 'split_part', 'string_literal'],
      ...['type_bigint', 'type_boolean', 'type_float', 'type_int', 'type_numeric', 'type_string', 'type_timestamp'],
    ];
    expect(dbtMacros.filter((name) => !(name in BUILTIN_MACROS))).toEqual([]);
  });

  it('date_trunc, dateadd and datediff (date part last, as in dbt)', () => {
    expect(renderOnEach("{{ date_trunc('month', 'ts') }} | {{ dateadd('quarter', -1, 'ts') }}")).toEqual({
      duckdb: "date_trunc('month', ts) | (ts + INTERVAL (-1) QUARTER)",
      athena: "date_trunc('month', ts) | date_add('quarter', -1, ts)",
      redshift: "date_trunc('month', ts) | DATEADD(quarter, -1, ts)",
      snowflake: "date_trunc('month', ts) | DATEADD(quarter, -1, ts)",
    });
    expect(renderOnEach("{{ datediff('a', 'b', 'day') }} | {{ datediff('a', 'b', 'week') }}")).toEqual({
      duckdb: "date_diff('day', a, b) | date_diff('week', date_trunc('week', a), date_trunc('week', b))",
      athena:
        "date_diff('day', date_trunc('day', a), date_trunc('day', b)) | " +
        "date_diff('week', date_trunc('week', a), date_trunc('week', b))",
      redshift: 'DATEDIFF(day, a, b) | DATEDIFF(week, a, b)',
      snowflake: 'DATEDIFF(day, a, b) | DATEDIFF(week, a, b)',
    });
  });

  it('last_day returns a date; date() a date literal', () => {
    expect(renderOnEach("{{ last_day('d', 'month') }} | {{ date(2024, 2, 29) }}")).toEqual({
      duckdb:
        "CAST(((date_trunc('month', d) + INTERVAL (1) MONTH) + INTERVAL (-1) DAY) AS DATE) | " +
        "CAST('2024-02-29' AS DATE)",
      athena:
        "CAST(date_add('day', -1, date_add('month', 1, date_trunc('month', d))) AS date) | CAST('2024-02-29' AS date)",
      redshift:
        "CAST(DATEADD(day, -1, DATEADD(month, 1, date_trunc('month', d))) AS DATE) | CAST('2024-02-29' AS DATE)",
      snowflake:
        "CAST(DATEADD(day, -1, DATEADD(month, 1, date_trunc('month', d))) AS DATE) | CAST('2024-02-29' AS DATE)",
    });
  });

  it('current_timestamp and its backcompat forms', () => {
    const template =
      '{{ current_timestamp() }} | {{ current_timestamp_backcompat() }} | {{ current_timestamp_in_utc_backcompat() }}';
    expect(renderOnEach(template)).toEqual({
      duckdb:
        'CURRENT_TIMESTAMP | CAST(CURRENT_TIMESTAMP AS TIMESTAMP) | ' +
        "CAST(CURRENT_TIMESTAMP AT TIME ZONE 'UTC' AS TIMESTAMP)",
      athena:
        'CAST(CURRENT_TIMESTAMP AS timestamp(3)) | CAST(CURRENT_TIMESTAMP AS timestamp(3)) | ' +
        "CAST(CURRENT_TIMESTAMP AT TIME ZONE 'UTC' AS timestamp(3))",
      redshift: 'getdate() | getdate() | getdate()',
      snowflake:
        "convert_timezone('UTC', current_timestamp()) | CAST(CURRENT_TIMESTAMP AS TIMESTAMP_NTZ) | " +
        "CAST(convert_timezone('UTC', current_timestamp()) AS TIMESTAMP_NTZ)",
    });
  });

  it('cast, safe_cast, cast_bool_to_text and the type macros', () => {
    expect(renderOnEach("{{ cast('x', type_bigint()) }} | {{ cast_bool_to_text('b') }}")).toEqual({
      duckdb: 'CAST(x AS BIGINT) | CAST(b AS VARCHAR)',
      athena: 'CAST(x AS bigint) | CAST(b AS varchar)',
      redshift:
        "CAST(x AS BIGINT) | CAST(CASE WHEN b IS TRUE THEN 'true' WHEN b IS FALSE THEN 'false' END AS VARCHAR(65535))",
      snowflake: 'CAST(x AS BIGINT) | CAST(b AS VARCHAR)',
    });
    expect(renderOnEach("{{ safe_cast(field='x', type=type_float()) }}")).toEqual({
      duckdb: 'TRY_CAST(x AS DOUBLE)',
      athena: 'try_cast(x AS double)',
      redshift:
        "CAST(CASE WHEN CAST(x AS VARCHAR(65535)) ~ '^[[:space:]]*[-+]?([0-9]+([.][0-9]*)?|[.][0-9]+)" +
        "([eE][-+]?[0-9]{1,2})?[[:space:]]*$' THEN x END AS DOUBLE PRECISION)",
      snowflake: 'TRY_CAST(CAST(x AS VARCHAR) AS FLOAT)',
    });
    const types =
      '{{ type_string() }} {{ type_int() }} {{ type_boolean() }} {{ type_timestamp() }} {{ type_numeric() }}';
    expect(renderOnEach(types)).toEqual({
      duckdb: 'VARCHAR INTEGER BOOLEAN TIMESTAMP DECIMAL(38,6)',
      athena: 'varchar integer boolean timestamp(3) decimal(38,6)',
      redshift: 'VARCHAR(65535) INTEGER BOOLEAN TIMESTAMP DECIMAL(38,6)',
      snowflake: 'VARCHAR INTEGER BOOLEAN TIMESTAMP_NTZ DECIMAL(38,6)',
    });
  });

  it('concat, length, position, replace and hash', () => {
    const template =
      "{{ concat(['a', \"'-'\", 'b']) }} | {{ length('s') }} | {{ position(\"'x'\", 's') }} | " +
      "{{ replace('s', \"'a'\", \"'b'\") }} | {{ hash('s') }}";
    expect(renderOnEach(template)).toEqual({
      duckdb: "a || '-' || b | length(s) | position('x' IN s) | replace(s, 'a', 'b') | md5(CAST(s AS VARCHAR))",
      athena:
        "a || '-' || b | length(s) | position('x' IN s) | replace(s, 'a', 'b') | " +
        'lower(to_hex(md5(to_utf8(CAST(s AS varchar)))))',
      redshift:
        "a || '-' || b | length(s) | position('x' IN s) | replace(s, 'a', 'b') | md5(CAST(s AS VARCHAR(65535)))",
      snowflake: "a || '-' || b | length(s) | position('x' IN s) | replace(s, 'a', 'b') | md5(CAST(s AS VARCHAR))",
    });
  });

  it('right and split_part, negative parts counting from the end', () => {
    expect(renderOnEach("{{ right('s', 'n') }}")).toEqual({
      duckdb: 'right(s, n)',
      athena: 'substr(s, greatest(length(s) - (n) + 1, 1))',
      redshift: 'right(s, n)',
      snowflake: 'right(s, n)',
    });
    expect(renderOnEach("{{ split_part('s', \"','\", 2) }} | {{ split_part('s', \"','\", -1) }}")).toEqual({
      duckdb: "split_part(s, ',', 2) | split_part(s, ',', -1)",
      athena: "coalesce(element_at(split(s, ','), 2), '') | coalesce(element_at(split(s, ','), -1), '')",
      redshift: "split_part(s, ',', 2) | " + "split_part(s, ',', (length(s) - length(replace(s, ',', ''))) + 2 + (-1))",
      snowflake: "split_part(s, ',', 2) | split_part(s, ',', -1)",
    });
  });

  it('counts the parts on Redshift by the delimiter’s width', () => {
    expect(renderFor('redshift', "{{ split_part('s', \"'--'\", -2) }}")).toBe(
      "split_part(s, '--', (length(s) - length(replace(s, '--', ''))) / 2 + 2 + (-2))",
    );
    expect(renderFor('redshift', "{{ split_part('s', 'd', -1) }}")).toBe(
      "split_part(s, d, (length(s) - length(replace(s, d, ''))) / length(d) + 2 + (-1))",
    );
  });

  it('string_literal and escape_single_quotes use each warehouse’s escapes', () => {
    expect(renderOnEach(`{{ string_literal("it's") }} | '{{ escape_single_quotes("a\\\\b's") }}'`)).toEqual({
      duckdb: "'it''s' | 'a\\b''s'",
      athena: "'it''s' | 'a\\b''s'",
      redshift: "'it''s' | 'a\\\\b''s'",
      snowflake: "'it''s' | 'a\\\\b''s'",
    });
  });

  it('any_value and bool_or', () => {
    expect(renderOnEach("{{ any_value('x') }} | {{ bool_or('x > 1') }}")).toEqual({
      duckdb: 'any_value(x) | bool_or(x > 1)',
      athena: 'arbitrary(x) | bool_or(x > 1)',
      redshift: 'min(x) | bool_or(x > 1)',
      snowflake: 'any_value(x) | boolor_agg(x > 1)',
    });
  });

  it("listagg with dbt's default delimiter, order by clause and limit", () => {
    expect(renderOnEach("{{ listagg('x') }}")).toEqual({
      duckdb: "string_agg(x, ',')",
      athena: "array_join(array_agg(x), ',')",
      redshift: "LISTAGG(x, ',')",
      snowflake: "LISTAGG(x, ',')",
    });
    expect(renderOnEach("{{ listagg('x', \"'|'\", 'order by y desc') }}")).toEqual({
      duckdb: "string_agg(x, '|' ORDER BY y desc)",
      athena: "array_join(array_agg(x ORDER BY y desc), '|')",
      redshift: "LISTAGG(x, '|') WITHIN GROUP (ORDER BY y desc)",
      snowflake: "LISTAGG(x, '|') WITHIN GROUP (ORDER BY y desc)",
    });
    const limited = "{{ listagg(measure='x', delimiter_text=\"'|'\", order_by_clause='order by y', limit_num=2) }}";
    expect(renderOnEach(limited)).toEqual({
      duckdb: "array_to_string((array_agg(x ORDER BY y) FILTER (WHERE x IS NOT NULL))[1:2], '|')",
      athena: "array_join(slice(array_agg(x ORDER BY y) FILTER (WHERE x IS NOT NULL), 1, 2), '|')",
      redshift: "regexp_substr(LISTAGG(x, '|') WITHIN GROUP (ORDER BY y), '^[^|]*([|][^|]*){0,1}')",
      snowflake: "array_to_string(array_slice(array_agg(x) WITHIN GROUP (ORDER BY y), 0, 2), '|')",
    });
  });

  it("keeps Strata's string_agg, whose order by names only the expression", () => {
    expect(renderFor('duckdb', "{{ string_agg('x', \"','\", 'y') }}")).toBe("string_agg(x, ',' ORDER BY y)");
  });

  it('equals, except and intersect', () => {
    expect(renderOnEach("{{ equals('a', 'b') }} {{ except() }} {{ intersect() }}")).toEqual({
      duckdb: '(a = b) except intersect',
      athena: '(a = b) except intersect',
      redshift: '(a = b) except intersect',
      snowflake: '(a = b) except intersect',
    });
  });

  it('array_construct, array_append and array_concat', () => {
    const template =
      "{{ array_construct(['1', 'x']) }} | {{ array_construct() }} | {{ array_construct(data_type='bigint') }} | " +
      "{{ array_append('a', 'e') }} | {{ array_concat('a', 'b') }}";
    expect(renderOnEach(template)).toEqual({
      duckdb:
        'ARRAY[1, x] | CAST(ARRAY[] AS INTEGER[]) | CAST(ARRAY[] AS bigint[]) | array_append(a, e) | array_cat(a, b)',
      athena: 'ARRAY[1, x] | CAST(ARRAY[] AS ARRAY(integer)) | CAST(ARRAY[] AS ARRAY(bigint)) | (a || e) | (a || b)',
      redshift: 'array(1, x) | array() | array() | array_concat(a, array(e)) | array_concat(a, b)',
      snowflake: 'array_construct(1, x) | array_construct() | array_construct() | array_append(a, e) | array_cat(a, b)',
    });
  });
});

describe('project overrides of the cross-database macros', () => {
  it("uses a project's <adapter>__ or default__ macro, called with dbt's arguments", () => {
    const macros =
      '{% macro snowflake__split_part(string_text, delimiter_text, part_number) %}' +
      'strtok({{ string_text }}, {{ delimiter_text }}, {{ part_number }}){% endmacro %}' +
      '{% macro default__last_day(date, datepart) %}last_day({{ date }}){% endmacro %}';
    const template =
      "{{ split_part(string_text='s', delimiter_text=\"','\", part_number=2) }} {{ last_day('d', 'month') }}";
    expect(renderFor('snowflake', template, macros)).toBe("strtok(s, ',', 2) last_day(d)");
    expect(renderFor('duckdb', template, macros)).toBe("split_part(s, ',', 2) last_day(d)");
  });
});

describe('series macros', () => {
  it('get_powers_of_two returns the doublings needed, a number', () => {
    expect(
      renderFor('duckdb', '{{ get_powers_of_two(1) }} {{ get_powers_of_two(2) }} {{ get_powers_of_two(5) }}'),
    ).toBe('1 1 3');
    expect(renderFor('duckdb', '{% set n = get_powers_of_two(upper_bound=1024) %}{{ n + 1 }}')).toBe('11');
  });

  it('generate_series cross joins {0, 1} once per doubling, with integer powers', () => {
    expect(renderFor('snowflake', '{{ generate_series(5) }}')).toBe(
      [
        'with p as (',
        '    select 0 as generated_number union all select 1',
        '), unioned as (',
        '    select p0.generated_number * 1',
        '     + p1.generated_number * 2',
        '     + p2.generated_number * 4',
        '     + 1 as generated_number',
        '    from p as p0 cross join p as p1 cross join p as p2',
        ')',
        'select *',
        'from unioned',
        'where generated_number <= 5',
        'order by generated_number',
      ].join('\n'),
    );
  });

  it('get_intervals_between counts boundaries between date literals at compile time', () => {
    const between = (start: string, end: string, part: string) =>
      renderFor('duckdb', `{{ get_intervals_between("${start}", "${end}", '${part}') }}`);
    expect(between("cast('2024-01-15' as date)", "date '2024-05-01'", 'month')).toBe('4');
    expect(between("'2024-04-30 23:00:00'", "'2024-05-01 01:00:00'::timestamp", 'day')).toBe('1');
    // Friday to the next Monday crosses one week boundary
    expect(between("to_date('2024-04-26')", "cast('2024-04-29' as date)", 'week')).toBe('1');
    expect(between("'2023-12-31'", "'2024-01-01'", 'year')).toBe('1');
    expect(between("'2024-03-31'", "'2024-04-01'", 'quarter')).toBe('1');
  });

  it('date_spine adds row numbers to the start with each warehouse’s dateadd', () => {
    const spine = renderOnEach(
      "{{ date_spine('day', \"cast('2024-05-01' as date)\", \"cast('2024-05-04' as date)\") }}",
    );
    expect(spine.duckdb).toContain('where generated_number <= 3');
    expect(spine.duckdb).toContain(
      "select ((cast('2024-05-01' as date) + INTERVAL (row_number() over (order by 1) - 1) DAY)) as date_day",
    );
    expect(spine.athena).toContain(
      "select (date_add('day', row_number() over (order by 1) - 1, cast('2024-05-01' as date))) as date_day",
    );
    expect(spine.redshift).toContain(
      "select (DATEADD(day, row_number() over (order by 1) - 1, cast('2024-05-01' as date))) as date_day",
    );
    expect(spine.snowflake).toContain("where date_day <= cast('2024-05-04' as date)");
  });
});

describe('cross-database macro mistakes', () => {
  it("refuses datediff's date part first, showing dbt's order", () => {
    const error = renderError("{{ datediff('day', 'a', 'b') }}");
    expect(error.message).toContain('datediff() takes the date part last');
    expect(error.hint).toBe("Write datediff('a', 'b', 'day').");
  });

  it('names an unknown keyword with the closest parameter and the signature', () => {
    const error = renderError("{{ listagg('x', delimiter=\"','\") }}");
    expect(error.message).toContain("listagg() has no argument 'delimiter'");
    expect(error.hint).toContain("Did you mean 'delimiter_text'?");
    expect(error.hint).toContain('listagg(measure, delimiter_text=..., order_by_clause=..., limit_num=...)');
  });

  it('names a missing argument and an unknown date part', () => {
    expect(renderError("{{ split_part('s', \"','\") }}").message).toContain(
      "split_part() needs the argument 'part_number'",
    );
    expect(renderError("{{ date_trunc('fortnight', 'd') }}").message).toContain("unknown date part 'fortnight'");
  });

  it('refuses a day that is not in the calendar', () => {
    expect(renderError('{{ date(2023, 2, 29) }}').message).toContain('2023-2-29 is not a date');
  });

  it('refuses a non-positive generate_series bound and a spine whose ends are not literals', () => {
    expect(renderError('{{ generate_series(0) }}').message).toContain("'upper_bound' must be positive");
    const spine = renderError("{{ date_spine('day', 'min_date', \"cast('2024-05-04' as date)\") }}");
    expect(spine.message).toContain("'start_date' must be a date literal, got min_date");
    expect(spine.hint).toContain("cast('2024-01-01' as date)");
  });

  it('refuses a Redshift listagg limit it cannot cut exactly', () => {
    const error = renderError("{{ listagg('x', \"', '\", limit_num=2) }}", 'redshift');
    expect(error.message).toContain('needs a one-character delimiter');
  });
});
