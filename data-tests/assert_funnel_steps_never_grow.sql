-- Each funnel step has at most as many sessions as the step before it.

select
    funnel_breakdown_id,
    session_date,
    channel,
    device
from {{ ref('funnel_breakdown') }}
where product_view_sessions > sessions
    or add_to_cart_sessions > product_view_sessions
    or checkout_sessions > add_to_cart_sessions
    or order_sessions > checkout_sessions
    or paid_order_sessions > order_sessions
