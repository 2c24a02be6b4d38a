-- An order's lines add up to its subtotal, and subtotal - discount + shipping = total.

with lines as (

    select
        order_id,
        sum(line_amount) as lines_total
    from {{ ref('fct_order_items') }}
    group by order_id

)

select
    orders.order_id,
    orders.subtotal,
    lines.lines_total,
    orders.discount_amount,
    orders.shipping_amount,
    orders.total_amount
from {{ ref('fct_orders') }} as orders
left join lines
    on orders.order_id = lines.order_id
where lines.lines_total is null
    or lines.lines_total <> orders.subtotal
    or orders.subtotal - orders.discount_amount + orders.shipping_amount <> orders.total_amount
