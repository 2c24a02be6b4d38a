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
  One row per element of the JSON array at key `field` of `json_column`, for every row of
  `relation` (a CTE or table name), carrying the columns named in `carry`. Use it as a FROM
  item: `from {{ json_array_elements('orders', 'event_json', 'items', ['order_id']) }} as item`.
  Each row has the carried columns, `element_json` (the element as JSON text) and
  `element_position` (1-based). Rows whose array is missing or empty produce no rows.
#}
{% macro json_array_elements(relation, json_column, field, carry) %}{{ adapter.dispatch('json_array_elements')(relation, json_column, field, carry) }}{% endmacro %}

{% macro default__json_array_elements(relation, json_column, field, carry) -%}
(
        select
            {%- for column in carry %}
            arrays.{{ column }},
            {%- endfor %}
            cast(elements.value as varchar) as element_json,
            cast(elements.key as integer) + 1 as element_position
        from {{ relation }} as arrays
        cross join lateral json_each(arrays.{{ json_column }}, '$.{{ field }}') as elements
    )
{%- endmacro %}

{% macro athena__json_array_elements(relation, json_column, field, carry) -%}
(
        select
            {%- for column in carry %}
            arrays.{{ column }},
            {%- endfor %}
            json_format(elements.element) as element_json,
            cast(elements.position as integer) as element_position
        from {{ relation }} as arrays
        cross join unnest(
            cast(json_extract(arrays.{{ json_column }}, '$.{{ field }}') as array(json))
        ) with ordinality as elements (element, position)
    )
{%- endmacro %}

{% macro snowflake__json_array_elements(relation, json_column, field, carry) -%}
(
        select
            {%- for column in carry %}
            arrays.{{ column }},
            {%- endfor %}
            elements.value::varchar as element_json,
            elements.index + 1 as element_position
        from {{ relation }} as arrays,
            lateral flatten(input => parse_json(arrays.{{ json_column }}):{{ field }}) as elements
    )
{%- endmacro %}

{#
  Redshift has no lateral join over JSON text: the array's positions come from a join with
  a numbers table (json_array_length, json_extract_array_element_text), up to 1,000
  elements per array. A longer array would lose elements, which the order checks
  (line totals against the subtotal) report.
#}
{% macro redshift__json_array_elements(relation, json_column, field, carry) -%}
(
        select
            {%- for column in carry %}
            arrays.{{ column }},
            {%- endfor %}
            json_extract_array_element_text(arrays.element_array, positions.n, true) as element_json,
            positions.n + 1 as element_position
        from (
            select
                {%- for column in carry %}
                {{ column }},
                {%- endfor %}
                json_extract_path_text({{ json_column }}, '{{ field }}', true) as element_array
            from {{ relation }}
        ) as arrays
        inner join ({{ numbers_below(3) }}) as positions
            on positions.n < json_array_length(arrays.element_array, true)
    )
{%- endmacro %}
