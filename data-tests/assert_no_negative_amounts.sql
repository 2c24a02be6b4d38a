-- No money amount or quantity in the facts may be negative.

select 'fct_orders' as model, order_id as id, 'total_amount' as field
from {{ ref('fct_orders') }}
where total_amount < 0
    or subtotal < 0
    or discount_amount < 0
    or shipping_amount < 0

union all

select 'fct_order_items' as model, order_item_id as id, 'line_amount' as field
from {{ ref('fct_order_items') }}
where line_amount < 0
    or unit_price < 0
    or quantity <= 0

union all

select 'fct_payments' as model, payment_id as id, 'amount' as field
from {{ ref('fct_payments') }}
where amount < 0
