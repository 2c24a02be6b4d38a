{#
  ISO-8601 text (`2026-01-05T10:23:45.123Z`) to a UTC timestamp without time zone, or null
  when the text does not parse. Events carry UTC times, so the offset is dropped after
  conversion, never reinterpreted in the session's time zone.
#}
{% macro iso_timestamp(expr) %}{{ adapter.dispatch('iso_timestamp')(expr) }}{% endmacro %}

{% macro default__iso_timestamp(expr) %}{{ safe_cast(expr, type_timestamp()) }}{% endmacro %}

{% macro athena__iso_timestamp(expr) %}cast(try(from_iso8601_timestamp({{ expr }}) at time zone 'UTC') as timestamp){% endmacro %}

{# The offset is read (TIMESTAMP_TZ), then the UTC wall time kept: a plain TIMESTAMP_NTZ cast would drop the offset unapplied. #}
{% macro snowflake__iso_timestamp(expr) %}convert_timezone('UTC', try_cast({{ expr }} as timestamp_tz))::timestamp_ntz{% endmacro %}

{# The guarded cast (see the Redshift dialect's safe_cast) reads the offset; AT TIME ZONE drops it as UTC. #}
{% macro redshift__iso_timestamp(expr) %}({{ safe_cast(expr, 'timestamptz') }} at time zone 'UTC'){% endmacro %}


{#
  A timestamp the ingester wrote (ISO-8601 UTC, always valid) as a timestamp without time
  zone. A plain cast reads it everywhere but on Athena, whose engine (Trino) casts only
  `YYYY-MM-DD HH:MM:SS` text.
#}
{% macro ingester_timestamp(expr) %}{{ adapter.dispatch('ingester_timestamp')(expr) }}{% endmacro %}

{% macro default__ingester_timestamp(expr) %}cast({{ expr }} as {{ type_timestamp() }}){% endmacro %}

{% macro athena__ingester_timestamp(expr) %}cast(from_iso8601_timestamp({{ expr }}) at time zone 'UTC' as timestamp(3)){% endmacro %}
