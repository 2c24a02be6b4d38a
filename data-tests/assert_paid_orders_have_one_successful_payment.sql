-- A paid order has exactly one successful payment for its full total; any other order has none.

with successes as (

    select
        order_id,
        count(*) as successful_payments,
        sum(amount) as amount_captured
    from {{ ref('fct_payments') }}
    where is_successful
    group by order_id

)

select
    orders.order_id,
    orders.order_status,
    orders.total_amount,
    coalesce(successes.successful_payments, 0) as successful_payments,
    successes.amount_captured
from {{ ref('fct_orders') }} as orders
left join successes
    on orders.order_id = successes.order_id
where (orders.order_status = 'paid'
        and (successes.successful_payments <> 1 or successes.amount_captured <> orders.total_amount))
    or (orders.order_status <> 'paid' and successes.order_id is not null)
