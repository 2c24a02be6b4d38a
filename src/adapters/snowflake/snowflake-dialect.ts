import type { DialectCapabilities, PortableType } from '../contract.js';
import { BaseDialect } from '../base-dialect.js';

/**
 * Snowflake. DDL commits implicitly (so swaps are not one transaction), an unqualified
 * RENAME TO target lands in the session's schema, and TRY_CAST accepts only string input:
 * `safe_cast` casts to VARCHAR first.
 */
export class SnowflakeDialect extends BaseDialect {
  readonly name = 'snowflake';

  override readonly capabilities: DialectCapabilities = {
    transactionalDdl: false,
    transactions: true,
    merge: true,
    createOrReplaceView: true,
    incrementalStrategies: ['append', 'merge', 'delete+insert'],
  };

  protected override readonly typeOverrides: Partial<Record<PortableType, string>> = {
    float: 'FLOAT',
    timestamp: 'TIMESTAMP_NTZ',
    json: 'VARIANT',
  };
  protected override readonly safeCastFunction = 'TRY_CAST';
  protected override readonly escapeBackslashes = true;
  protected override readonly qualifyRenameTarget = true;
  protected override readonly dateaddFunctions = true;

  override safeCast(expression: string, type: string): string {
    return super.safeCast(`CAST(${expression} AS VARCHAR)`, type);
  }
}
