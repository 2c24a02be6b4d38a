import { expect } from 'vitest';
import type { RelationName } from '../../src/manifest/types.js';
import type { CliResult } from '../support/cli.js';
import { normalizeRows, sortRows } from './normalize-rows.js';
import type { WarehouseSession } from './warehouse.js';

/** The model built between its hooks, and the model whose `grants` name a reader. */
export const HOOKED = 'hooked_customers';
export const GRANTED = 'granted_customers';

/** The relations the hooks and grants models leave in the marts schema, for the kinds check. */
export const HOOKS_AND_GRANTS_KINDS = {
  [HOOKED]: 'table',
  [`${HOOKED}_pre`]: 'view',
  [`${HOOKED}_post`]: 'view',
  [GRANTED]: 'table',
} as const;

/** The environment variable the fixture's `grants` read the reader's name from. */
export const READER_VARIABLE = 'STRATA_CONFORMANCE_READER';

/**
 * Where the warehouse behind a target applies `grants`: the user the suite created for the
 * project's grants to name, and how to ask the warehouse, as that user, whether it may read.
 */
export interface GrantsProbe {
  reader: string;
  canRead(relation: RelationName): Promise<boolean>;
}

type Warehouse = <T>(use: (session: WarehouseSession) => Promise<T>) => Promise<T>;

/**
 * The hooked model's rows came from a build that read the view its pre-hook created, and the
 * view its post-hook created (outside the build's transaction) counts the rows the build wrote.
 */
export async function expectHooksRan(warehouse: Warehouse, relation: RelationName): Promise<void> {
  const read = (identifier: string) =>
    warehouse(async ({ connection, dialect }) =>
      normalizeRows(
        (await connection.query(`select * from ${dialect.renderRelation({ ...relation, identifier })}`)).rows,
      ),
    );
  const built = await read(relation.identifier);
  expect(sortRows(built)).toEqual([1, 2, 3, 4].map((customer_id) => ({ customer_id, hook: 'pre' })));
  expect(await read(`${relation.identifier}_post`)).toEqual([{ n: 4 }]);
}

/** The lines of a run that say grants are not applied on its target. */
export function grantsNotes(result: CliResult): string[] {
  return result.stdout.split('\n').filter((line) => line.includes('Grants are not applied'));
}
