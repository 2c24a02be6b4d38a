import type { RelationName } from '../../manifest/types.js';
import type { DialectCapabilities, PortableType } from '../contract.js';
import { BaseDialect, SOURCE_ALIAS } from '../base-dialect.js';

/**
 * Redshift (PostgreSQL 8 lineage): transactional DDL, MERGE, DATEADD/DATEDIFF, LISTAGG.
 * It has no TRY_CAST, so `safe_cast` is a plain CAST here.
 */
export class RedshiftDialect extends BaseDialect {
  readonly name = 'redshift';

  override readonly capabilities: DialectCapabilities = {
    transactionalDdl: true,
    transactions: true,
    merge: true,
    createOrReplaceView: true,
    incrementalStrategies: ['append', 'merge', 'delete+insert'],
  };

  // An unsized VARCHAR is VARCHAR(256) on Redshift, which truncation errors make a trap.
  protected override readonly typeOverrides: Partial<Record<PortableType, string>> = {
    string: 'VARCHAR(65535)',
    json: 'SUPER',
  };
  protected override readonly escapeBackslashes = true;
  protected override readonly dateaddFunctions = true;

  // Redshift's DELETE takes no alias; it joins through USING instead.
  override deleteMatching(target: RelationName, source: RelationName, uniqueKey: string[]): string {
    const table = this.renderRelation(target);
    const match = uniqueKey
      .map((k) => `${table}.${this.quoteIdentifier(k)} = ${SOURCE_ALIAS}.${this.quoteIdentifier(k)}`)
      .join(' AND ');
    return `DELETE FROM ${table}\nUSING ${this.renderRelation(source)} AS ${SOURCE_ALIAS}\nWHERE ${match}`;
  }
}
