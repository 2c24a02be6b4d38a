-- Payment attempts per day and method: how many succeeded or failed, the success/failure
-- ratio, and how many orders a retry rescued.

with payments as (

    select * from {{ ref('fct_payments') }}

),

daily as (

    select
        payment_date,
        payment_method,
        count(*) as payment_attempts,
        sum(case when is_successful then 1 else 0 end) as successful_payments,
        sum(case when is_successful then 0 else 1 end) as failed_payments,
        sum(case when is_successful and is_retry then 1 else 0 end) as successful_retries,
        count(distinct order_id) as orders_attempted,
        sum(case when is_successful then amount else 0 end) as amount_captured,
        sum(case when is_successful then 0 else amount end) as amount_declined
    from payments
    group by
        payment_date,
        payment_method

)

select
    {{ generate_surrogate_key(['payment_date', 'payment_method']) }} as payment_summary_id,
    payment_date,
    payment_method,
    payment_attempts,
    successful_payments,
    failed_payments,
    successful_retries,
    orders_attempted,
    amount_captured,
    amount_declined,
    cast(successful_payments as {{ type_float() }}) / nullif(payment_attempts, 0) as success_rate,
    cast(failed_payments as {{ type_float() }}) / nullif(payment_attempts, 0) as failure_rate,
    cast(successful_payments as {{ type_float() }}) / nullif(failed_payments, 0) as success_failure_ratio
from daily
