-- One row per visit: a user's clicks split wherever they paused for longer than
-- `session_timeout_minutes`. An order belongs to the session it was placed in, or within
-- the timeout after its last click.

{# Live (`--vars '{live: true}'`): fed by its upstream (src/feed/CONTEXT.md). For each customer a
    batch touches (new clicks, new or newly paid orders), the visits from live_session_cutoffs'
    recompute_from on are rebuilt from their clicks, numbered on from the visits before it, and
    replace the customer's rows from the first rebuilt visit's start on (replace_key with
    replace_from): a late click can merge, split or renumber visits, so a merge on session_id
    would leave stale ones; the visits before recompute_from cannot change, so a batch costs the
    touched customers' recent clicks, not their whole history. #}
{% if var('live', false) %}
{{ config(
    materialized='incremental', incremental_strategy='commit_feed',
    replace_key=['user_id'], replace_from='session_start'
) }}
{% endif %}
-- depends_on (the new orders and payments of a live batch): {{ ref('stg_orders') }}, {{ ref('stg_payments') }}
{% set live_batch = is_incremental() and var('live', false) %}

with
{% if live_batch %}
cutoffs as (
    {{ live_session_cutoffs(this) }}
),

rebuilt as (

    select
        cutoffs.user_id,
        cutoffs.recompute_from,
        count(kept.session_start) as sessions_before
    from cutoffs
    left join {{ this }} as kept
        on kept.user_id = cutoffs.user_id
        and kept.session_start < cutoffs.recompute_from
    group by
        cutoffs.user_id,
        cutoffs.recompute_from

),
{% endif %}

events as (

    select
        clicks.event_id,
        clicks.user_id,
        clicks.event_type,
        clicks.event_time,
        clicks.device,
        clicks.channel,
        clicks.page_path{% if live_batch %},
        rebuilt.sessions_before
    from {{ ref('stg_clickstream_events') }} as clicks
    inner join rebuilt
        on clicks.user_id = rebuilt.user_id
        and clicks.event_time >= rebuilt.recompute_from
    {%- else %}
    from {{ ref('stg_clickstream_events') }} as clicks
    {%- endif %}

),

with_previous as (

    select
        *,
        lag(event_time) over (
            partition by user_id
            order by event_time, event_id
        ) as previous_event_time
    from events

),

flagged as (

    select
        *,
        case
            when previous_event_time is null then 1
            when {{ datediff('previous_event_time', 'event_time', 'second') }}
                > {{ var('session_timeout_minutes') }} * 60 then 1
            else 0
        end as is_session_start
    from with_previous

),

numbered as (

    select
        *,
        sum(is_session_start) over (
            partition by user_id
            order by event_time, event_id
            rows between unbounded preceding and current row
        ){% if live_batch %} + sessions_before{% endif %} as session_number
    from flagged

),

sessions as (

    select
        user_id,
        session_number,
        min(event_time) as session_start,
        max(event_time) as session_end,
        count(*) as event_count,
        sum(case when event_type = 'page_view' then 1 else 0 end) as page_views,
        sum(case when event_type = 'product_view' then 1 else 0 end) as product_views,
        sum(case when event_type = 'add_to_cart' then 1 else 0 end) as add_to_carts,
        sum(case when event_type = 'remove_from_cart' then 1 else 0 end) as remove_from_carts,
        sum(case when event_type = 'checkout_started' then 1 else 0 end) as checkouts_started
    from numbered
    group by
        user_id,
        session_number

),

landings as (

    select
        user_id,
        session_number,
        channel,
        device,
        page_path as landing_page
    from numbered
    where is_session_start = 1

),

orders as (

    select
        order_id,
        user_id,
        ordered_at,
        is_paid,
        paid_amount
    from {{ ref('fct_orders') }}
    {% if live_batch %}where user_id in (select user_id from rebuilt){% endif %}

),

session_orders as (

    select
        sessions.user_id,
        sessions.session_number,
        count(orders.order_id) as orders_placed,
        sum(case when orders.is_paid then 1 else 0 end) as orders_paid,
        coalesce(sum(orders.paid_amount), 0) as revenue
    from sessions
    inner join orders
        on sessions.user_id = orders.user_id
        and orders.ordered_at >= sessions.session_start
        and orders.ordered_at <= {{ dateadd('minute', var('session_timeout_minutes'), 'sessions.session_end') }}
    group by
        sessions.user_id,
        sessions.session_number

)

select
    {{ generate_surrogate_key(['sessions.user_id', 'sessions.session_number']) }} as session_id,
    sessions.user_id,
    cast(sessions.session_number as {{ type_int() }}) as session_number,
    sessions.session_start,
    sessions.session_end,
    cast(sessions.session_start as {{ type_date() }}) as session_date,
    {{ datediff('sessions.session_start', 'sessions.session_end', 'second') }} as duration_seconds,
    landings.channel,
    landings.device,
    landings.landing_page,
    sessions.event_count,
    sessions.page_views,
    sessions.product_views,
    sessions.add_to_carts,
    sessions.remove_from_carts,
    sessions.checkouts_started,
    coalesce(session_orders.orders_placed, 0) as orders_placed,
    coalesce(session_orders.orders_paid, 0) as orders_paid,
    coalesce(session_orders.revenue, 0) as revenue,
    sessions.event_count = 1 as is_bounce
from sessions
inner join landings
    on sessions.user_id = landings.user_id
    and sessions.session_number = landings.session_number
left join session_orders
    on sessions.user_id = session_orders.user_id
    and sessions.session_number = session_orders.session_number
