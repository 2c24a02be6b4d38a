{#
  Reading JSON payloads. Bronze rows carry each event as a JSON string; these macros
  extract fields the same way on every warehouse. The default implementations are DuckDB's.
#}

{# The scalar at top-level key `field` of a JSON string, as text (null when absent or null). #}
{% macro json_str(col, field) %}{{ adapter.dispatch('json_str')(col, field) }}{% endmacro %}

{% macro default__json_str(col, field) %}json_extract_string({{ col }}, '$.{{ field }}'){% endmacro %}

{% macro athena__json_str(col, field) %}json_extract_scalar({{ col }}, '$.{{ field }}'){% endmacro %}

{% macro redshift__json_str(col, field) %}json_extract_path_text({{ col }}, '{{ field }}', true){% endmacro %}

{% macro snowflake__json_str(col, field) %}json_extract_path_text({{ col }}, '{{ field }}'){% endmacro %}


{# True when a string holds well-formed JSON. #}
{% macro json_is_valid(col) %}{{ adapter.dispatch('json_is_valid')(col) }}{% endmacro %}

{% macro default__json_is_valid(col) %}coalesce(json_valid({{ col }}), false){% endmacro %}

{% macro athena__json_is_valid(col) %}(try(json_parse({{ col }})) is not null){% endmacro %}

{% macro redshift__json_is_valid(col) %}coalesce(is_valid_json({{ col }}), false){% endmacro %}

{% macro snowflake__json_is_valid(col) %}(try_parse_json({{ col }}) is not null){% endmacro %}


{#
  A join clause that turns the JSON array at key `field` of `col` into one row per element.
  Downstream, `<alias>.element_json` is the element (JSON text) and `<alias>.element_position`
  its 1-based position. Rows whose array is missing or empty produce no rows.
#}
{% macro unnest_json_array(col, field, alias) %}{{ adapter.dispatch('unnest_json_array')(col, field, alias) }}{% endmacro %}

{% macro default__unnest_json_array(col, field, alias) -%}
cross join lateral (
        select
            cast(elements.value as varchar) as element_json,
            cast(elements.key as integer) + 1 as element_position
        from json_each({{ col }}, '$.{{ field }}') as elements
    ) as {{ alias }}
{%- endmacro %}

{% macro athena__unnest_json_array(col, field, alias) -%}
cross join unnest(
        cast(json_extract({{ col }}, '$.{{ field }}') as array(json))
    ) with ordinality as {{ alias }} (element_json, element_position)
{%- endmacro %}

{% macro snowflake__unnest_json_array(col, field, alias) -%}
cross join lateral (
        select
            elements.value::varchar as element_json,
            elements.index + 1 as element_position
        from table(flatten(input => parse_json({{ col }}):{{ field }})) as elements
    ) as {{ alias }}
{%- endmacro %}
