/**
 * Macros written the way dbt packages such as dbt_utils write theirs (adapter.dispatch,
 * `return()`, loops with `loop.last`, `namespace()`, `do list.append`, keyword arguments
 * and `**kwargs`), and the columns a model builds with them. A project where every model
 * calls these measures the Jinja path of compile, not the scan that reads templates
 * holding only `ref()`.
 */

/** `macros/<file>` -> content; both tools read them from the default macro path. */
export const SYNTHETIC_MACRO_FILES: ReadonlyMap<string, string> = new Map([
  [
    'macros/row_key.sql',
    `{% macro row_key(field_list) -%}
  {{ return(adapter.dispatch('row_key', 'synthetic')(field_list)) }}
{%- endmacro %}

{% macro default__row_key(field_list) -%}
  {%- set parts = [] -%}
  {%- for field in field_list -%}
    {%- do parts.append("coalesce(cast(" ~ field ~ " as varchar), '_null_')") -%}
  {%- endfor -%}
  md5({{ parts | join(" || '-' || ") }})
{%- endmacro %}
`,
  ],
  [
    'macros/flag_columns.sql',
    `{% macro flag_columns(column, values, prefix='is_') -%}
  {%- for value in values -%}
    case when {{ column }} = {{ value }} then 1 else 0 end as {{ prefix ~ value }}{{ ',' if not loop.last }}
  {% endfor -%}
{%- endmacro %}
`,
  ],
  [
    'macros/first_present.sql',
    `{% macro first_present(columns, default_value='unknown') -%}
  {%- set ns = namespace(expressions=[]) -%}
  {%- for column in columns if column is string -%}
    {%- set ns.expressions = ns.expressions + [column] -%}
  {%- endfor -%}
  coalesce({{ ns.expressions | join(', ') }}, '{{ default_value }}')
{%- endmacro %}
`,
  ],
  [
    'macros/describe_model.sql',
    `{% macro describe_model(number) -%}
  {%- set parts = ["'model " ~ number ~ "'"] -%}
  {%- for key in kwargs.keys() | sort -%}
    {%- do parts.append("'" ~ key ~ '=' ~ kwargs[key] ~ "'") -%}
  {%- endfor -%}
  {{ parts | join(" || ' ' || ") }}
{%- endmacro %}
`,
  ],
]);

/** The select-list lines a model of `folder` adds with the macros, reading its first parent as `p0`. */
export function macroColumns(model: number, folder: string, parents: number): string[] {
  return [
    `{{ row_key(['p0.id', 'p0.grp']) }} as row_key`,
    `{{ flag_columns('p0.grp', [0, 1, 2], prefix='grp_is_') }}`,
    `{{ first_present(['p0.label', 42]) }} as label_or_unknown`,
    `{{ describe_model(${model}, folder='${folder}', parents=${parents}) }} as description`,
  ];
}
