-- One row per payment attempt, successful or not.

with payments as (

    select * from {{ ref('stg_payments') }}

),

methods as (

    select * from {{ ref('payment_methods') }}

)

select
    payments.payment_id,
    payments.order_id,
    payments.user_id,
    payments.attempted_at,
    payments.attempt_date as payment_date,
    payments.attempt_number,
    payments.attempt_number > 1 as is_retry,
    payments.payment_method,
    methods.method_type as payment_method_type,
    payments.payment_status,
    payments.is_successful,
    payments.failure_reason,
    payments.amount,
    payments.currency
from payments
left join methods
    on payments.payment_method = methods.payment_method
