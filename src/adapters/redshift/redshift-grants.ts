import type { RelationName } from '../../manifest/types.js';
import type { BaseDialect } from '../base-dialect.js';

// the table privileges has_table_privilege answers for, as Redshift documents them
const TABLE_PRIVILEGES = ['select', 'insert', 'update', 'delete', 'references'];

/**
 * Who holds which privilege on a relation, on Redshift and PostgreSQL: every user but the
 * current one and superusers, asked with has_table_privilege (Redshift has no
 * information_schema.role_table_grants), as dbt-redshift asks.
 */
export function redshiftShowGrants(dialect: BaseDialect, relation: RelationName): string {
  const name = dialect.quoteString(
    dialect.renderRelation({ schema: relation.schema, identifier: relation.identifier }),
  );
  const privileges = TABLE_PRIVILEGES.map((privilege) => `select ${dialect.quoteString(privilege)} as privilege_type`);
  return [
    'with privileges as (',
    `  ${privileges.join('\n  union all ')}`,
    ')',
    'select u.usename as grantee, p.privilege_type',
    'from pg_user u cross join privileges p',
    `where has_table_privilege(u.usename, ${name}, p.privilege_type)`,
    '  and u.usename != current_user',
    '  and not u.usesuper',
  ].join('\n');
}
