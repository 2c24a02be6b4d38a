{# One row per day from `start_date` to `end_date` inclusive (`YYYY-MM-DD` strings), in a column `date_day`. #}
{% macro date_spine(start_date, end_date) %}{{ adapter.dispatch('date_spine')(start_date, end_date) }}{% endmacro %}

{% macro default__date_spine(start_date, end_date) -%}
select
        cast(days.range as date) as date_day
    from range(
        cast('{{ start_date }}' as timestamp),
        cast('{{ end_date }}' as timestamp) + interval 1 day,
        interval 1 day
    ) as days
{%- endmacro %}

{# Redshift: offsets from a numbers table (generate_series runs on the leader node only), up to 10,000 days. #}
{% macro redshift__date_spine(start_date, end_date) -%}
select
        date_day
    from (
        select cast(cast('{{ start_date }}' as date) + days.n * interval '1 day' as date) as date_day
        from ({{ numbers_below(4) }}) as days
    ) as spine
    where date_day <= cast('{{ end_date }}' as date)
{%- endmacro %}

{# Snowflake: day offsets from a numbers table, up to 10,000 days. #}
{% macro snowflake__date_spine(start_date, end_date) -%}
select
        date_day
    from (
        select dateadd(day, days.n, cast('{{ start_date }}' as date)) as date_day
        from ({{ numbers_below(4) }}) as days
    ) as spine
    where date_day <= cast('{{ end_date }}' as date)
{%- endmacro %}

{% macro athena__date_spine(start_date, end_date) -%}
select
        date_day
    from unnest(sequence(date '{{ start_date }}', date '{{ end_date }}', interval '1' day)) as days (date_day)
{%- endmacro %}


{# ISO day of week: Monday = 1 ... Sunday = 7. #}
{% macro day_of_week_iso(expr) %}{{ adapter.dispatch('day_of_week_iso')(expr) }}{% endmacro %}

{% macro default__day_of_week_iso(expr) %}isodow({{ expr }}){% endmacro %}

{% macro athena__day_of_week_iso(expr) %}day_of_week({{ expr }}){% endmacro %}

{% macro snowflake__day_of_week_iso(expr) %}dayofweekiso({{ expr }}){% endmacro %}

{% macro redshift__day_of_week_iso(expr) %}(case extract(dow from {{ expr }}) when 0 then 7 else extract(dow from {{ expr }}) end){% endmacro %}
