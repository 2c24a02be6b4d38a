-- One row per registered user: valid user_registered events, de-duplicated by event id
-- (the first copy by Kafka offset wins).

with valid_users as (

    select * from {{ ref('base_bronze__users') }}
    where rejection_reason is null

),

ranked as (

    select
        *,
        row_number() over (
            partition by event_id
            order by kafka_partition, kafka_offset
        ) as copy_number
    from valid_users

)

select
    user_id,
    event_id,
    lower(email) as email,
    first_name,
    last_name,
    country_code,
    city,
    marketing_channel,
    signup_platform,
    coalesce(marketing_opt_in, false) as marketing_opt_in,
    event_time as registered_at,
    cast(event_time as {{ type_date() }}) as registration_date,
    kafka_partition,
    kafka_offset,
    kafka_timestamp,
    ingested_at
from ranked
where copy_number = 1
