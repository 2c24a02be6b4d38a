{#
  The live example (`--vars '{live: true}'`): the rows of `model` that are new since the
  calling model's last run, when that model is fed by its upstream (incremental_strategy
  commit_feed, reading no Bronze source); the whole model otherwise. Rows are told apart by
  the Kafka partition and offset every staging table keeps.
#}
{% macro live_new_rows(model) -%}
    {{ feed_rows(model, partition='kafka_partition', offset='kafka_offset') }}
{%- endmacro %}

{# The orders a live batch touches: new ones, and those with a new payment attempt. #}
{% macro live_changed_orders() %}
    select order_id from {{ live_new_rows('stg_orders') }}
    union
    select order_id from {{ live_new_rows('stg_payments') }}
{% endmacro %}

{#
  Per customer a live batch touches, where their visits must be rebuilt from (recompute_from),
  and how many of their visits in `sessions` start before it (sessions_before). The batch
  touches a customer at their earliest new click or changed order; a visit that ended more
  than session_timeout_minutes (plus a minute, whatever the rounding) before that can neither
  gain that click nor that order, nor merge with a visit that does, so it stays as it is; from
  the first visit that ended later (or the touch itself) on, every visit is rebuilt.
#}
{% macro live_session_cutoffs(sessions) %}
    select
        touched.user_id,
        least(touched.touched_at, coalesce(min(later.session_start), touched.touched_at)) as recompute_from
    from (
        select user_id, min(touched_at) as touched_at
        from (
            select user_id, event_time as touched_at
            from {{ live_new_rows('stg_clickstream_events') }}
            union all
            select user_id, ordered_at
            from {{ ref('fct_orders') }}
            where order_id in ({{ live_changed_orders() }})
        ) as touches
        group by user_id
    ) as touched
    left join {{ sessions }} as later
        on later.user_id = touched.user_id
        and later.session_end >= {{ dateadd('minute', -(var('session_timeout_minutes') + 1), 'touched.touched_at') }}
    group by
        touched.user_id,
        touched.touched_at
{% endmacro %}

{#
  `column` within the span of the hours in `hours` (a relation with hour_start), from the first
  hour's start to the last one's end: it adds nothing to a test that the column's hour is one of
  them, but as a plain range the warehouse can skip the data outside it by its min/max statistics.
#}
{% macro live_hours_range(column, hours) -%}
    {{ column }} >= (select min(hour_start) from {{ hours }})
        and {{ column }} < (select {{ dateadd('hour', 1, 'max(hour_start)') }} from {{ hours }})
{%- endmacro %}
