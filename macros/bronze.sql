{#
  The envelope every Bronze record carries (as the ingester writes it), typed, with
  the payload kept as it arrived and, when it parses, as JSON text to read fields from.
#}
{% macro bronze_envelope(bronze_relation) %}
    select
        topic,
        cast("partition" as {{ type_int() }}) as kafka_partition,
        cast("offset" as {{ type_bigint() }}) as kafka_offset,
        {{ ingester_timestamp('kafka_timestamp') }} as kafka_timestamp,
        {{ ingester_timestamp('ingested_at') }} as ingested_at,
        event_time_source,
        cast(dt as {{ type_date() }}) as lake_dt,
        cast(hour as {{ type_int() }}) as lake_hour,
    {%- if bronze_typed() %}
        cast(to_json(bronze_row) as {{ type_string() }}) as payload,
        bronze_row as event_json
    from {{ bronze_relation }} as bronze_row
    {%- else %}
        payload,
        case when {{ json_is_valid('payload') }} then payload end as event_json
    from {{ bronze_relation }}
    {%- endif %}
{% endmacro %}

{# The fields every event carries, whatever its topic. #}
{% macro bronze_event_header(json_column) %}
        {{ bronze_str(json_column, 'event_id') }} as event_id,
        {{ bronze_str(json_column, 'event_type') }} as event_type,
        {{ iso_timestamp(bronze_str(json_column, 'event_time')) }} as event_time
{%- endmacro %}

{#
  The Bronze layout the sources have: `payload`, each record's value as a JSON string
  (JSON lines, or Parquet with parquet_layout: payload), or `typed`, Parquet files with a
  column per field of the topic's schema (the ingester's default for the shop's topics,
  which have JSON Schemas). So Parquet is typed unless var bronze_layout says payload.
  In the typed layout `event_json` is the record's row (a struct) and the fields are
  read from its columns, with no JSON to parse; `payload` is that row as JSON text, for
  the records staging sets aside.
#}
{% macro bronze_typed() -%}
    {{ return(var('bronze_format', 'jsonl') == 'parquet' and var('bronze_layout', 'typed') == 'typed') }}
{%- endmacro %}

{# A field of the event, as text: from the JSON payload, or from the typed column. #}
{% macro bronze_str(event, field) -%}
    {%- if bronze_typed() -%}
        cast({{ event }}.{{ field }} as {{ type_string() }})
    {%- else -%}
        {{ json_str(event, field) }}
    {%- endif -%}
{%- endmacro %}

{#
  One row per element of the event's list `field` (json_array_elements' contract:
  the carried columns, `element_json` and `element_position`); in the typed layout each
  `element_json` is the element's struct.
#}
{% macro bronze_array_elements(relation, event, field, carry) -%}
    {%- if bronze_typed() -%}
(
        select
            {%- for column in carry %}
            arrays.{{ column }},
            {%- endfor %}
            elements.element as element_json,
            cast(elements.position as integer) as element_position
        from {{ relation }} as arrays
        cross join unnest(arrays.{{ event }}.{{ field }}) with ordinality as elements (element, position)
    )
    {%- else -%}
        {{ json_array_elements(relation, event, field, carry) }}
    {%- endif -%}
{%- endmacro %}
