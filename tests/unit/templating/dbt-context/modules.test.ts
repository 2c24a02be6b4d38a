import { describe, expect, it } from 'vitest';
import { renderDbt } from './render-dbt.js';

const render = async (template: string) => (await renderDbt(template)).sql;

describe('modules.datetime and run_started_at', () => {
  it('builds, formats and parses datetimes and dates', async () => {
    expect(await render('{{ modules.datetime.datetime(2026, 1, 2, 3, 4, 5) }}')).toBe('2026-01-02 03:04:05');
    expect(await render('{{ modules.datetime.datetime(2026, 1, 2, 3, 4, 5, 120).isoformat() }}')).toBe(
      '2026-01-02T03:04:05.000120',
    );
    expect(
      await render(
        "{% set d = modules.datetime.datetime.strptime('2026-03-04 10:30', '%Y-%m-%d %H:%M') %}" +
          "{{ d.strftime('%d %b %Y %I:%M %p %j %A') }}",
      ),
    ).toBe('04 Mar 2026 10:30 AM 063 Wednesday');
    expect(await render('{{ modules.datetime.date(2026, 2, 28).add(modules.datetime.timedelta(days=1)) }}')).toBe(
      '2026-03-01',
    );
    expect(await render('{{ modules.datetime.timedelta(days=1, hours=2).total_seconds() }}')).toBe('93600');
    expect(
      await render('{{ modules.datetime.datetime(2026, 1, 1).subtract(modules.datetime.timedelta(seconds=1)) }}'),
    ).toBe('2025-12-31 23:59:59');
    expect(
      await render("{{ modules.datetime.datetime.fromisoformat('2026-06-01T12:00:00+02:00').astimezone() }}"),
    ).toBe('2026-06-01 10:00:00+00:00');
    expect(await render('{{ modules.datetime.date(2026, 6, 1).weekday() }}')).toBe('0');
  });

  it("adds and subtracts with Python's operators, and + joins lists", async () => {
    const day = 'modules.datetime.timedelta(days=1)';
    expect(await render(`{{ modules.datetime.datetime(2026, 3, 1) - ${day} }}`)).toBe('2026-02-28 00:00:00');
    expect(await render(`{{ (modules.datetime.date(2026, 12, 31) + ${day}).isoformat() }}`)).toBe('2027-01-01');
    const span = 'modules.datetime.datetime(2026, 3, 2) - modules.datetime.datetime(2026, 3, 1, 12)';
    expect(await render(`{{ ${span} }} {{ (${span}).total_seconds() }}`)).toBe('12:00:00 43200');
    expect(await render("{{ ['a'] + ['b', 'c'] }} {{ 1 + 2 - 4 }} {{ 'a' + 'b' }}")).toBe("['a', 'b', 'c'] -1 ab");
  });

  it('converts between time zones', async () => {
    const paris = "modules.pytz.timezone('Europe/Paris')";
    expect(
      await render(`{{ modules.datetime.datetime(2026, 7, 1, 12, tzinfo=modules.pytz.utc).astimezone(${paris}) }}`),
    ).toBe('2026-07-01 14:00:00+02:00');
    expect(
      await render(`{{ modules.datetime.datetime(2026, 1, 1, 12, tzinfo=${paris}).strftime('%H:%M %z %Z') }}`),
    ).toBe('12:00 +0100 Europe/Paris');
  });

  it('gives run_started_at as an aware UTC datetime of the invocation, the same in every call', async () => {
    const sql = await render(
      '{{ run_started_at.tzinfo }} {{ run_started_at == run_started_at }} {{ run_started_at.year > 2000 }}',
    );
    expect(sql).toBe('UTC True True');
    const iso = await render('{{ run_started_at.isoformat() }}');
    expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$/);
    expect(
      await render('{{ run_started_at.strftime("%Y") == modules.datetime.datetime.utcnow().strftime("%Y") }}'),
    ).toBe('True');
  });
});

describe('modules.re', () => {
  it('matches, searches and finds with Python semantics', async () => {
    expect(await render("{{ modules.re.match('b', 'abc') }}|{{ modules.re.search('b', 'abc').group(0) }}")).toBe(
      'None|b',
    );
    expect(await render("{{ modules.re.findall('(\\\\w)(\\\\d)', 'a1 b2') }}")).toBe("[['a', '1'], ['b', '2']]");
    expect(await render("{{ modules.re.findall('[a-z]\\\\d', 'a1 b2') }}")).toBe("['a1', 'b2']");
    expect(await render("{{ modules.re.split('[,;]', 'a,b;c', 1) }}")).toBe("['a', 'b;c']");
    expect(await render("{{ modules.re.fullmatch('ab', 'abc') is none }}")).toBe('True');
  });

  it("translates Python's named groups, inline flags and replacement templates", async () => {
    const named = "modules.re.match('(?P<table>\\\\w+)_(?P<n>\\\\d+)', 'orders_42')";
    expect(await render(`{{ ${named}.group('table') }} {{ ${named}.groupdict()['n'] }}`)).toBe('orders 42');
    expect(await render("{{ modules.re.sub('(?i)ORDER', 'x', 'Order order') }}")).toBe('x x');
    expect(
      await render("{{ modules.re.sub('(?P<w>[a-z]+)-(\\\\d+)', '\\\\g<w>_\\\\2', 'order-42 item-7', count=1) }}"),
    ).toBe('order_42 item-7');
    expect(await render("{{ modules.re.compile('a+', modules.re.IGNORECASE).findall('aAb') }}")).toBe("['aA']");
  });
});

describe('modules.itertools, zip and range', () => {
  it('chains, multiplies, groups and combines', async () => {
    expect(await render('{{ modules.itertools.chain([1, 2], [3]) }}')).toBe('[1, 2, 3]');
    expect(await render("{{ modules.itertools.product('ab', [1, 2]) }}")).toBe(
      "[['a', 1], ['a', 2], ['b', 1], ['b', 2]]",
    );
    expect(await render('{{ modules.itertools.combinations([1, 2, 3], 2) }}')).toBe('[[1, 2], [1, 3], [2, 3]]');
    const grouped =
      '{% for key, items in modules.itertools.groupby([1, 1, 2, 1]) %}{{ key }}:{{ items | length }} {% endfor %}';
    expect(await render(grouped)).toBe('1:2 2:1 1:1 ');
  });

  it('zips to the shortest list, and range counts like Python', async () => {
    expect(await render("{{ zip(['a', 'b', 'c'], [1, 2]) }}")).toBe("[['a', 1], ['b', 2]]");
    expect(await render('{{ range(3) }} {{ range(1, 7, 2) }}')).toBe('[0, 1, 2] [1, 3, 5]');
  });
});
