-- One row per payment attempt: valid payment events, de-duplicated by event id
-- (the first copy by Kafka offset wins).

{# Live (`--vars '{live: true}'`): a table fed by its upstream (incremental_strategy commit_feed
    reading no Bronze source, src/feed/CONTEXT.md): each run appends the valid events at the offsets
    base_bronze__payments gained since, except copies of events it already holds. Appending is exact: every
    copy of an event has its key (the user id), hence its partition, so the copy at the lowest
    offset comes first, in the earliest batch, as a full build keeps it. The copy check looks only at
    rows within the batch's event times (a re-sent event is the same bytes, hence the same time), so
    DuckDB skips the older row groups instead of reading the whole table on every batch. #}
{% if var('live', false) %}{{ config(materialized='incremental', incremental_strategy='commit_feed') }}{% endif %}

with valid_payments as (

    select * from {{ live_new_rows('base_bronze__payments') }}
    where rejection_reason is null

),

ranked as (

    select
        *,
        row_number() over (
            partition by event_id
            order by kafka_partition, kafka_offset
        ) as copy_number
    from valid_payments

)

select
    payment_id,
    event_id,
    event_type,
    order_id,
    user_id,
    attempt_number,
    case when event_type = 'payment_succeeded' then 'succeeded' else 'failed' end as payment_status,
    event_type = 'payment_succeeded' as is_successful,
    failure_reason,
    payment_method,
    amount,
    currency,
    event_time as attempted_at,
    cast(event_time as {{ type_date() }}) as attempt_date,
    kafka_partition,
    kafka_offset,
    kafka_timestamp,
    ingested_at,
    {{ datediff('event_time', 'kafka_timestamp', 'second') }} >= 3600 as is_late_arrival
from ranked
where copy_number = 1
{% if is_incremental() %}
    and event_id not in (
        select event_id from {{ this }}
        where attempted_at >= (select min(event_time) from valid_payments)
            and attempted_at <= (select max(event_time) from valid_payments)
    )
{% endif %}
