-- Activity per hour (UTC): visits started, clicks by kind, orders and revenue.

{# Live (`--vars '{live: true}'`): fed by its upstream (src/feed/CONTEXT.md). A batch re-aggregates
    the hours it touches and merges them on hour_start, all columns replaced (active_users is a
    distinct count). The hours touched: those of new clicks and of new or newly paid orders, and,
    for visits started, the hour of each new click's time plus session_timeout_minutes: a click
    only starts, extends, merges or splits visits within that timeout of it, so every visit start
    it moves (from or to) falls in the click's hour or that one. An hour's row never disappears:
    a visit starts at a click, and clicks are never removed. The upstream reads repeat the hours as
    a plain range on the time column, which DuckDB can prune row groups by (it cannot by an `in`
    over a truncated time). #}
{% if var('live', false) %}
{{ config(materialized='incremental', incremental_strategy='commit_feed', unique_key='hour_start') }}
-- depends_on: {{ ref('stg_orders') }}, {{ ref('stg_payments') }}
{% endif %}
{% set live_batch = is_incremental() and var('live', false) %}

with
{% if live_batch %}
new_clicks as (
    select event_time from {{ live_new_rows('stg_clickstream_events') }}
),

changed_hours as (
    select {{ date_trunc('hour', 'event_time') }} as hour_start from new_clicks
    union
    select {{ date_trunc('hour', dateadd('minute', var('session_timeout_minutes'), 'event_time')) }} from new_clicks
    union
    select {{ date_trunc('hour', 'ordered_at') }}
    from {{ ref('fct_orders') }}
    where order_id in ({{ live_changed_orders() }})
),
{% endif %}

events as (

    select * from {{ ref('stg_clickstream_events') }}
    {% if live_batch %}
    where {{ date_trunc('hour', 'event_time') }} in (select hour_start from changed_hours)
        and {{ live_hours_range('event_time', 'changed_hours') }}
    {% endif %}

),

sessions as (

    select * from {{ ref('fct_user_sessions') }}
    {% if live_batch %}
    where {{ date_trunc('hour', 'session_start') }} in (select hour_start from changed_hours)
        and {{ live_hours_range('session_start', 'changed_hours') }}
    {% endif %}

),

orders as (

    select * from {{ ref('fct_orders') }}
    {% if live_batch %}
    where {{ date_trunc('hour', 'ordered_at') }} in (select hour_start from changed_hours)
        and {{ live_hours_range('ordered_at', 'changed_hours') }}
    {% endif %}

),

clicks as (

    select
        {{ date_trunc('hour', 'event_time') }} as hour_start,
        count(*) as events,
        count(distinct user_id) as active_users,
        sum(case when event_type = 'page_view' then 1 else 0 end) as page_views,
        sum(case when event_type = 'product_view' then 1 else 0 end) as product_views,
        sum(case when event_type = 'add_to_cart' then 1 else 0 end) as add_to_carts,
        sum(case when event_type = 'checkout_started' then 1 else 0 end) as checkouts_started
    from events
    group by {{ date_trunc('hour', 'event_time') }}

),

session_starts as (

    select
        {{ date_trunc('hour', 'session_start') }} as hour_start,
        count(*) as sessions_started
    from sessions
    group by {{ date_trunc('hour', 'session_start') }}

),

hourly_orders as (

    select
        {{ date_trunc('hour', 'ordered_at') }} as hour_start,
        count(*) as orders_placed,
        sum(case when is_paid then 1 else 0 end) as orders_paid,
        sum(paid_amount) as revenue
    from orders
    group by {{ date_trunc('hour', 'ordered_at') }}

),

hours as (

    select hour_start from clicks
    union
    select hour_start from session_starts
    union
    select hour_start from hourly_orders

)

select
    hours.hour_start,
    cast(hours.hour_start as {{ type_date() }}) as activity_date,
    cast(extract(hour from hours.hour_start) as {{ type_int() }}) as hour_of_day,
    coalesce(session_starts.sessions_started, 0) as sessions_started,
    coalesce(clicks.active_users, 0) as active_users,
    coalesce(clicks.events, 0) as events,
    coalesce(clicks.page_views, 0) as page_views,
    coalesce(clicks.product_views, 0) as product_views,
    coalesce(clicks.add_to_carts, 0) as add_to_carts,
    coalesce(clicks.checkouts_started, 0) as checkouts_started,
    coalesce(hourly_orders.orders_placed, 0) as orders_placed,
    coalesce(hourly_orders.orders_paid, 0) as orders_paid,
    coalesce(hourly_orders.revenue, 0) as revenue
from hours
left join clicks
    on hours.hour_start = clicks.hour_start
left join session_starts
    on hours.hour_start = session_starts.hour_start
left join hourly_orders
    on hours.hour_start = hourly_orders.hour_start
