-- One row per session with the furthest step of the purchase funnel it reached:
-- visit -> product view -> add to cart -> checkout -> order -> paid order.

with sessions as (

    select * from {{ ref('fct_user_sessions') }}

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
