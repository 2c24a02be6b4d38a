-- One row per session with the furthest step of the purchase funnel it reached:
-- visit -> product view -> add to cart -> checkout -> order -> paid order.

{# Live (`--vars '{live: true}'`): fed by its upstream like fct_user_sessions: for each customer a
    batch touches, its visits from live_session_cutoffs' recompute_from on (over the visits as they
    are now) replace the customer's rows from the first one's start on. #}
{% if var('live', false) %}
{{ config(
    materialized='incremental', incremental_strategy='commit_feed',
    replace_key=['user_id'], replace_from='session_start'
) }}
{% endif %}
-- depends_on (the customers a live batch touches): {{ ref('stg_clickstream_events') }},
--   {{ ref('stg_orders') }}, {{ ref('stg_payments') }}, {{ ref('fct_orders') }}
{% set live_batch = is_incremental() and var('live', false) %}

with
{% if live_batch %}
cutoffs as (
    {{ live_session_cutoffs(ref('fct_user_sessions')) }}
),
{% endif %}

sessions as (

    select visits.* from {{ ref('fct_user_sessions') }} as visits
    {% if live_batch %}
    inner join cutoffs
        on visits.user_id = cutoffs.user_id
        and visits.session_start >= cutoffs.recompute_from
    {% endif %}

)

select
    session_id,
    user_id,
    session_date,
    session_start,
    channel,
    device,
    true as reached_visit,
    product_views > 0 as reached_product_view,
    add_to_carts > 0 as reached_add_to_cart,
    checkouts_started > 0 as reached_checkout,
    orders_placed > 0 as reached_order,
    orders_paid > 0 as reached_payment,
    case
        when orders_paid > 0 then 'paid_order'
        when orders_placed > 0 then 'order'
        when checkouts_started > 0 then 'checkout'
        when add_to_carts > 0 then 'add_to_cart'
        when product_views > 0 then 'product_view'
        else 'visit'
    end as funnel_stage,
    case
        when orders_paid > 0 then 6
        when orders_placed > 0 then 5
        when checkouts_started > 0 then 4
        when add_to_carts > 0 then 3
        when product_views > 0 then 2
        else 1
    end as funnel_step,
    revenue
from sessions
