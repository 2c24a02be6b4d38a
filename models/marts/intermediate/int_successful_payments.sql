{{ config(materialized='ephemeral') }}

-- The payment attempt that settled each paid order (at most one per order: customers
-- stop retrying once a payment goes through).

with payments as (

    select * from {{ ref('stg_payments') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by order_id
            order by attempted_at, payment_id
        ) as success_number
    from payments
    where is_successful

)

select
    order_id,
    payment_id,
    payment_method,
    attempt_number,
    amount,
    attempted_at as paid_at
from ranked
where success_number = 1
