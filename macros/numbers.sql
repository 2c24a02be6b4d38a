{#
  The integers 0 .. 10^digits - 1 in a column `n`, from a cross join of digits: plain SQL
  every warehouse runs (Redshift's generate_series runs on the leader node only).
#}
{% macro numbers_below(digits) -%}
select
        {%- for place in range(digits) %}
        {% if not loop.first %}+ {% endif %}digits_{{ place }}.d * {{ 10 ** place }}
        {%- endfor %} as n
    from
        {%- for place in range(digits) %}
        {% if not loop.first %}cross join {% endif %}(
            select 0 as d union all select 1 union all select 2 union all select 3 union all select 4
            union all select 5 union all select 6 union all select 7 union all select 8 union all select 9
        ) as digits_{{ place }}
        {%- endfor %}
{%- endmacro %}
