-- A user's sessions follow each other, separated by more than the inactivity timeout.

with ordered as (

    select
        session_id,
        user_id,
        session_start,
        lag(session_end) over (
            partition by user_id
            order by session_start
        ) as previous_session_end
    from {{ ref('fct_user_sessions') }}

)

select
    session_id,
    user_id,
    session_start,
    previous_session_end
from ordered
where previous_session_end is not null
    and {{ datediff('previous_session_end', 'session_start', 'second') }} <= {{ var('session_timeout_minutes') }} * 60
