-- Every record of the payments topic, parsed and checked. `rejection_reason` is null for
-- records stg_payments keeps; the others end up in stg_invalid_events.

{# Live (`--vars '{live: true}'`, as `npm run example:live` runs): each run appends the records of
    the commits after the model's cursor, read from exactly their files (every record is in one commit). #}
{% if var('live', false) %}{{ config(materialized='incremental', incremental_strategy='commit_feed') }}{% endif %}

with parsed as (

    {{ bronze_envelope(source('bronze', 'payments')) }}

),

fields as (

    select
        *,
        {{ bronze_event_header('event_json') }},
        {{ bronze_str('event_json', 'payment_id') }} as payment_id,
        {{ bronze_str('event_json', 'order_id') }} as order_id,
        {{ bronze_str('event_json', 'user_id') }} as user_id,
        {{ safe_cast(bronze_str('event_json', 'attempt_number'), type_int()) }} as attempt_number,
        {{ bronze_str('event_json', 'payment_method') }} as payment_method,
        {{ safe_cast(bronze_str('event_json', 'amount'), 'decimal(12, 2)') }} as amount,
        {{ bronze_str('event_json', 'currency') }} as currency,
        {{ bronze_str('event_json', 'failure_reason') }} as failure_reason
    from parsed

),

checked as (

    select
        *,
        case
            when event_json is null then 'invalid_json'
            when event_id is null then 'missing_event_id'
            when event_type is null or event_type not in ('payment_succeeded', 'payment_failed') then 'unknown_event_type'
            when event_time is null then 'invalid_event_time'
            when payment_id is null then 'missing_payment_id'
            when order_id is null then 'missing_order_id'
            when user_id is null then 'missing_user_id'
            when amount is null then 'invalid_amount'
            when amount < 0 then 'negative_amount'
            when attempt_number is null or attempt_number < 1 then 'invalid_attempt_number'
        end as rejection_reason
    from fields

)

{# Every column but `event_json`, which repeats the payload (typed: its row) for the checks above:
    kept, it would double what each batch writes, each checkpoint compresses and each scan reads. #}
select
    topic,
    kafka_partition,
    kafka_offset,
    kafka_timestamp,
    ingested_at,
    event_time_source,
    lake_dt,
    lake_hour,
    payload,
    event_id,
    event_type,
    event_time,
    payment_id,
    order_id,
    user_id,
    attempt_number,
    payment_method,
    amount,
    currency,
    failure_reason,
    rejection_reason
from checked
