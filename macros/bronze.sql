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
        payload,
        case when {{ json_is_valid('payload') }} then payload end as event_json
    from {{ bronze_relation }}
{% endmacro %}

{# The fields every event carries, whatever its topic. #}
{% macro bronze_event_header(json_column) %}
        {{ json_str(json_column, 'event_id') }} as event_id,
        {{ json_str(json_column, 'event_type') }} as event_type,
        {{ iso_timestamp(json_str(json_column, 'event_time')) }} as event_time
{%- endmacro %}
