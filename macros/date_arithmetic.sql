{#
  Redshift's DATEADD and DATEDIFF take a bare date part (DATEDIFF(second, a, b)), which
  only Redshift parses. So that the example also runs on the PostgreSQL stand-in of the
  Redshift tests, its date arithmetic on Redshift uses forms both engines document:
  interval literals for adding, and EXTRACT(epoch ...) of truncated timestamps for the
  number of boundaries crossed (what DATEDIFF counts). Other date parts fall back to
  the built-in DATEADD/DATEDIFF.
#}

{% macro redshift__dateadd(datepart, interval, from_date_or_timestamp) -%}
{%- set part = datepart | replace("'", "") | lower -%}
{%- if part in ['second', 'minute', 'hour', 'day', 'week'] -%}
({{ from_date_or_timestamp }} + ({{ interval }}) * interval '1 {{ part }}')
{%- else -%}
DATEADD({{ part }}, {{ interval }}, {{ from_date_or_timestamp }})
{%- endif -%}
{%- endmacro %}

{% macro redshift__datediff(first_date, second_date, datepart) -%}
{%- set part = datepart | replace("'", "") | lower -%}
{%- set seconds = { 'second': 1, 'minute': 60, 'hour': 3600, 'day': 86400 }[part] -%}
{%- if seconds -%}
((cast(extract(epoch from date_trunc('{{ part }}', {{ second_date }})) as bigint)
        - cast(extract(epoch from date_trunc('{{ part }}', {{ first_date }})) as bigint)) / {{ seconds }})
{%- else -%}
DATEDIFF({{ part }}, {{ first_date }}, {{ second_date }})
{%- endif -%}
{%- endmacro %}
