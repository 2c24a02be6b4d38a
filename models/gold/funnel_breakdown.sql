-- The purchase funnel per day, channel and device: sessions reaching each step and the
-- conversion from one step to the next.

{# Live (`--vars '{live: true}'`) it stays a table, re-aggregated each run from fct_conversion_funnel
    (one row per visit, fed by deltas): a group-by of a few columns, milliseconds. Re-aggregating
    only the days a batch touches would keep a stale row when a late click merges a day's only
    visit into the day before's (no row of the batch names that day any more). #}

with funnel as (

    select * from {{ ref('fct_conversion_funnel') }}

),

steps as (

    select
        session_date,
        channel,
        device,
        count(*) as sessions,
        sum(case when reached_product_view then 1 else 0 end) as product_view_sessions,
        sum(case when reached_add_to_cart then 1 else 0 end) as add_to_cart_sessions,
        sum(case when reached_checkout then 1 else 0 end) as checkout_sessions,
        sum(case when reached_order then 1 else 0 end) as order_sessions,
        sum(case when reached_payment then 1 else 0 end) as paid_order_sessions,
        sum(revenue) as revenue
    from funnel
    group by
        session_date,
        channel,
        device

)

select
    {{ generate_surrogate_key(['session_date', 'channel', 'device']) }} as funnel_breakdown_id,
    session_date,
    channel,
    device,
    sessions,
    product_view_sessions,
    add_to_cart_sessions,
    checkout_sessions,
    order_sessions,
    paid_order_sessions,
    revenue,
    cast(product_view_sessions as {{ type_float() }}) / nullif(sessions, 0) as view_rate,
    cast(add_to_cart_sessions as {{ type_float() }}) / nullif(product_view_sessions, 0) as add_to_cart_rate,
    cast(checkout_sessions as {{ type_float() }}) / nullif(add_to_cart_sessions, 0) as checkout_rate,
    cast(order_sessions as {{ type_float() }}) / nullif(checkout_sessions, 0) as order_rate,
    cast(paid_order_sessions as {{ type_float() }}) / nullif(sessions, 0) as session_conversion_rate
from steps
