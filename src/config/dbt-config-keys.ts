/**
 * Config keys dbt accepts on models, seeds, snapshots and data tests, in dbt Core and in
 * the dbt-duckdb, dbt-redshift, dbt-snowflake and dbt-athena adapters (snake_case:
 * `pre-hook` is read as `pre_hook`). A ported project may set any of them; those Strata
 * does not act on are accepted with a warning instead of failing the parse.
 */
export const DBT_CONFIG_KEYS: readonly string[] = [
  // every resource
  'enabled', 'tags', 'meta', 'docs', 'persist_docs', 'grants', 'group', 'access', 'contract', 'pre_hook', 'post_hook',
  'full_refresh', 'database', 'schema', 'alias', 'quoting', 'event_time', 'sql_header', 'deprecation_date', 'freshness',
  // models
  'materialized', 'unique_key', 'incremental_strategy', 'on_schema_change', 'incremental_predicates', 'merge_update_columns',
  'merge_exclude_columns', 'on_configuration_change', 'batch_size', 'begin', 'lookback', 'concurrent_batches', 'constraints',
  'packages', 'submission_method', 'python_version',
  // seeds
  'column_types', 'delimiter', 'quote_columns',
  // data tests
  'severity', 'warn_if', 'error_if', 'where', 'store_failures', 'store_failures_as', 'limit', 'fail_calc',
  // snapshots
  'strategy', 'updated_at', 'check_cols', 'target_schema', 'target_database', 'invalidate_hard_deletes', 'hard_deletes',
  'snapshot_meta_column_names', 'dbt_valid_to_current',
  // dbt-duckdb
  'location', 'format', 'partition_by', 'glue_register', 'glue_database', 'options', 'plugin',
  // dbt-redshift
  'dist', 'sort', 'sort_type', 'bind', 'backup', 'auto_refresh',
  // dbt-snowflake
  'transient', 'cluster_by', 'automatic_clustering', 'snowflake_warehouse', 'copy_grants', 'secure', 'query_tag', 'table_tag',
  'row_access_policy', 'target_lag', 'refresh_mode', 'initialize', 'tmp_relation_type', 'table_format', 'external_volume',
  'base_location_root', 'base_location_subpath',
  // dbt-athena
  'external_location', 'partitioned_by', 'bucketed_by', 'bucket_count', 'table_type', 'write_compression', 'field_delimiter',
  'table_properties', 'native_drop', 's3_data_naming', 's3_data_dir', 'lf_tags_config', 'lf_grants', 'force_batch',
  'partitions_limit', 'ha', 'unique_tmp_table_suffix', 'temp_schema', 'seed_by_insert', 'seed_s3_upload_args',
];
