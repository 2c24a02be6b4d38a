{#
  The live example (`--vars '{live: true}'`): the rows of `model` that are new since the
  calling model's last run, when that model is fed by its upstream (incremental_strategy
  commit_feed, reading no Bronze source); the whole model otherwise. Rows are told apart by
  the Kafka partition and offset every staging table keeps.
#}
{% macro live_new_rows(model) -%}
    {{ feed_rows(model, partition='kafka_partition', offset='kafka_offset') }}
{%- endmacro %}

{#
  The customers a live batch touches: those with new clicks, new orders, or new payment
  attempts on their orders (a payment changes the order's status, hence their sessions).
#}
{% macro live_changed_users() %}
    select user_id from {{ live_new_rows('stg_clickstream_events') }}
    union
    select user_id from {{ live_new_rows('stg_orders') }}
    union
    select orders.user_id
    from {{ ref('fct_orders') }} as orders
    where orders.order_id in (select order_id from {{ live_new_rows('stg_payments') }})
{% endmacro %}

{# The orders a live batch touches: new ones, and those with a new payment attempt. #}
{% macro live_changed_orders() %}
    select order_id from {{ live_new_rows('stg_orders') }}
    union
    select order_id from {{ live_new_rows('stg_payments') }}
{% endmacro %}
