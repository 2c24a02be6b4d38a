import { describe, expect, it } from 'vitest';
import { createDialect } from '../../../src/adapters/registry.js';
import type { TableCatalog } from '../../../src/adapters/table-catalog.js';
import { buildLocation, ownedRoots } from '../../../src/materializations/catalog-data.js';
import { CatalogPlanExecutor } from '../../../src/materializations/execute-catalog-plan.js';
import { planCatalogWrite } from '../../../src/materializations/plan-catalog-incremental.js';
import {
  planCatalogDrop,
  planCatalogSwap,
  planCatalogTable,
} from '../../../src/materializations/plan-catalog-table.js';
import { catalogTable, golden, LAKE, orders, partition, recordingConnection, tableState } from './fixtures.js';

const athena = createDialect('athena');
const roots = ownedRoots(LAKE);
const at = (path: string) => `${LAKE}shop/orders/${path}`;

describe("Athena's table swap (golden)", () => {
  it('exchanges partitions of the same keys so that none is ever missing, then deletes the old files', () => {
    const old = tableState(catalogTable(at('build-1/'), ['id', 'dt'], ['dt']), [
      partition(at('build-1/dt=01/'), '01'),
      partition(at('build-1/dt=02/'), '02'),
      // added by an earlier insert_overwrite: its files are in that run's build
      partition(at('build-0/dt=00/'), '00'),
    ]);
    const built = tableState(catalogTable(at('build-2/'), ['id', 'dt'], ['dt']), [
      partition(at('build-2/dt=02/'), '02'),
      partition(at('build-2/dt=03/'), '03'),
    ]);
    expect(golden(planCatalogSwap({ relation: orders, old, built, roots }))).toMatchInlineSnapshot(`
      "-- point the table at the new build
      repoint table shop.orders to s3://lake/tables/shop/orders/build-2/ partitioned by dt;
      -- drop the staging name, which names the live data now
      delete table entry shop.orders__strata_tmp;
      -- register the new partitions
      create partitions of shop.orders: (03) at s3://lake/tables/shop/orders/build-2/dt=03/;
      -- repoint the partitions kept
      repoint partitions of shop.orders: (02) at s3://lake/tables/shop/orders/build-2/dt=02/;
      -- delete the partitions gone
      delete partitions of shop.orders: (01), (00);
      -- delete the data of the old build
      delete data under s3://lake/tables/shop/orders/build-1/;
      -- delete the data of the old build
      delete data under s3://lake/tables/shop/orders/build-0/dt=00/;"
    `);
  });

  it('replaces every partition when the partition keys changed', () => {
    const old = tableState(catalogTable(at('build-1/'), ['id', 'dt'], ['dt']), [partition(at('build-1/dt=01/'), '01')]);
    const built = tableState(catalogTable(at('build-2/'), ['id', 'day'], ['day']), [
      partition(at('build-2/day=01/'), '01'),
    ]);
    expect(golden(planCatalogSwap({ relation: orders, old, built, roots }).slice(2, 4))).toMatchInlineSnapshot(`
      "-- delete the old partitions
      delete partitions of shop.orders: (01);
      -- register the new partitions
      create partitions of shop.orders: (01) at s3://lake/tables/shop/orders/build-2/day=01/;"
    `);
  });

  it('builds a first table in place, and drops a view in the way first', () => {
    const view = tableState({ kind: 'view', partitionKeys: [], columns: [] });
    const location = buildLocation(LAKE, orders, 'build-1');
    const steps = planCatalogTable(athena, {
      relation: orders,
      selectSql: 'select 1 as id',
      existing: view,
      location,
      roots,
    });
    expect(golden(steps)).toMatchInlineSnapshot(`
      "-- drop the view a table replaces
      DROP VIEW IF EXISTS "shop"."orders";
      -- build the table
      CREATE TABLE "shop"."orders"
      WITH (format = 'PARQUET', external_location = 's3://lake/tables/shop/orders/build-1/') AS
      select 1 as id;"
    `);
  });
});

describe('data safety of the catalog plans', () => {
  it('never deletes files a live table reads through a staging entry an interrupted swap left', () => {
    const live = tableState(catalogTable(at('build-1/')));
    const leftover = tableState(catalogTable(at('build-1/')));
    const location = buildLocation(LAKE, orders, 'build-2');
    const input = {
      relation: orders,
      selectSql: 'select 1',
      existing: live,
      existingStaging: leftover,
      location,
      roots,
    };
    const steps = planCatalogTable(athena, input);
    expect(steps.map((s) => s.kind)).toEqual(['sql', 'build']);
    expect(steps.some((s) => s.kind === 'delete-data')).toBe(false);
  });

  it('keeps the new build when the old table lives in the folder that holds it', () => {
    const old = tableState(catalogTable(`${LAKE}shop/legacy/`));
    const built = tableState(catalogTable(`${LAKE}shop/legacy/build-2/`));
    const steps = planCatalogSwap({ relation: orders, old, built, roots });
    expect(steps.at(-1)).toMatchObject({
      kind: 'delete-data',
      location: `${LAKE}shop/legacy/`,
      keep: [`${LAKE}shop/legacy/build-2/`],
    });
  });

  it("deletes only under the data location or the model's own, never a whole bucket", () => {
    const elsewhere = tableState(catalogTable('s3://someone-else/orders/'));
    expect(planCatalogDrop(athena, orders, elsewhere, roots, [], { what: 'x' }).map((s) => s.kind)).toEqual(['sql']);
    expect(ownedRoots(LAKE, 's3://lake')).toEqual([LAKE]);
    expect(ownedRoots(LAKE, 's3://models/orders')).toEqual([LAKE, 's3://models/orders/']);
    const own = tableState(catalogTable('s3://models/orders/build-1/'));
    const modelRoots = ownedRoots(LAKE, 's3://models/orders/');
    expect(planCatalogDrop(athena, orders, own, modelRoots, [], { what: 'x' }).at(-1)).toMatchObject({
      kind: 'delete-data',
      location: 's3://models/orders/build-1/',
    });
    // the data location itself is never a table's folder
    expect(planCatalogDrop(athena, orders, tableState(catalogTable(LAKE)), roots, [], { what: 'x' })).toHaveLength(1);
  });
});

describe("Athena's insert_overwrite (golden)", () => {
  const incomingAt = (path: string) => at(`build-9/${path}`);
  const live = tableState(catalogTable(at('build-1/'), ['id', 'dt'], ['dt']), [
    partition(at('build-1/dt=01/'), '01'),
    partition(at('build-1/dt=02/'), '02'),
  ]);
  const arriving = (columns: string[]) =>
    tableState(catalogTable(incomingAt(''), columns, ['dt']), [
      partition(incomingAt('dt=02/'), '02'),
      partition(incomingAt('dt=03/'), '03'),
    ]);

  it("makes the new rows' partitions the table's, stored as the table is, before the replaced files go", () => {
    const plan = planCatalogWrite(athena, {
      relation: orders,
      strategy: 'insert_overwrite',
      live,
      arriving: arriving(['id', 'dt']),
      columns: ['id', 'dt'],
      roots,
    });
    expect(plan.rowsFromBuild).toBe(true);
    expect(golden(plan.steps)).toMatchInlineSnapshot(`
      "-- register the new partitions
      create partitions of shop.orders stored like the table: (03) at s3://lake/tables/shop/orders/build-9/dt=03/;
      -- repoint the partitions kept
      repoint partitions of shop.orders stored like the table: (02) at s3://lake/tables/shop/orders/build-9/dt=02/;
      -- delete the data of replaced partition (02)
      delete data under s3://lake/tables/shop/orders/build-1/dt=02/;
      -- drop the name of the new rows
      delete table entry shop.orders__strata_incoming;"
    `);
  });

  it("inserts the rows when their columns differ from the table's, after the replaced partitions go", () => {
    const plan = planCatalogWrite(athena, {
      relation: orders,
      strategy: 'insert_overwrite',
      live,
      arriving: arriving(['id', 'note', 'dt']),
      columns: ['id', 'dt'],
      roots,
    });
    expect(plan.rowsFromBuild).toBe(false);
    expect(golden(plan.steps)).toMatchInlineSnapshot(`
      "-- delete the replaced partitions
      delete partitions of shop.orders: (02);
      -- delete the data of replaced partition (02)
      delete data under s3://lake/tables/shop/orders/build-1/dt=02/;
      -- insert the new rows [rows]
      INSERT INTO "shop"."orders" ("id", "dt")
      SELECT "id", "dt" FROM "shop"."orders__strata_incoming";"
    `);
  });

  it('appends (and unpartitioned, insert_overwrite appends as dbt-athena does)', () => {
    const flat = tableState(catalogTable(at('build-1/')));
    const newRows = tableState(catalogTable(incomingAt('')));
    for (const strategy of ['append', 'insert_overwrite'] as const) {
      const plan = planCatalogWrite(athena, {
        relation: orders,
        strategy,
        live: flat,
        arriving: newRows,
        columns: ['id'],
        roots,
      });
      expect(plan.steps.map((s) => s.kind)).toEqual(['sql']);
    }
  });
});

describe('running a catalog plan', () => {
  /**
   * A catalog recording its calls; the call named `failOn` fails, as Glue's per-item batch
   * errors make it (that Glue answer is pinned on moto in athena-materializations.test.ts).
   */
  function recordingCatalog(failOn?: keyof TableCatalog): TableCatalog & { calls: string[] } {
    const calls: string[] = [];
    const call = (name: keyof TableCatalog, detail: string) => {
      calls.push(`${name} ${detail}`);
      return name === failOn ? Promise.reject(new Error(`${name} failed`)) : Promise.resolve();
    };
    return {
      calls,
      dataLocation: LAKE,
      getTable: async () => undefined,
      getPartitions: async () => [],
      repointTable: (relation, to) => call('repointTable', `${relation.identifier} ${to.location}`),
      deleteTableEntry: (relation) => call('deleteTableEntry', relation.identifier),
      createPartitions: (relation, partitions) => call('createPartitions', `${partitions.length}`),
      updatePartitions: (relation, partitions) => call('updatePartitions', `${partitions.length}`),
      deletePartitions: (relation, partitions) => call('deletePartitions', `${partitions.length}`),
      deleteData: (location, keep) => call('deleteData', [location, ...keep].join(' ')),
      stageSeed: async () => 'select 1',
    };
  }
  const old = tableState(catalogTable(at('build-1/'), ['id', 'dt'], ['dt']), [partition(at('build-1/dt=01/'), '01')]);
  const built = tableState(catalogTable(at('build-2/'), ['id', 'dt'], ['dt']), [partition(at('build-2/dt=02/'), '02')]);
  const swap = planCatalogSwap({ relation: orders, old, built, roots });

  it('repoints and creates before anything is deleted', async () => {
    const catalog = recordingCatalog();
    await new CatalogPlanExecutor(recordingConnection({}), catalog).run(swap);
    expect(catalog.calls).toEqual([
      `repointTable orders ${at('build-2/')}`,
      'deleteTableEntry orders__strata_tmp',
      'createPartitions 1',
      'deletePartitions 1',
      `deleteData ${at('build-1/')}`,
    ]);
  });

  it('stops at a failed partition batch: no data is deleted after it', async () => {
    const catalog = recordingCatalog('createPartitions');
    await expect(new CatalogPlanExecutor(recordingConnection({}), catalog).run(swap)).rejects.toThrow(
      'createPartitions failed',
    );
    expect(catalog.calls.at(-1)).toBe('createPartitions 1');
    expect(catalog.calls.some((c) => c.startsWith('deleteData') || c.startsWith('deletePartitions'))).toBe(false);
  });

  it("empties a failed build's own location and reports the build's error", async () => {
    const catalog = recordingCatalog();
    const connection = recordingConnection({ failOn: /^CREATE TABLE/ });
    const location = buildLocation(LAKE, orders, 'build-2');
    const steps = planCatalogTable(athena, { relation: orders, selectSql: 'select 1 / 0', location, roots });
    const executor = new CatalogPlanExecutor(connection, catalog);
    await expect(executor.run(steps)).rejects.toThrow(/boom: CREATE TABLE/);
    expect(catalog.calls).toEqual([`deleteData ${location}`]);
    expect(executor.executedSql).toHaveLength(1);
  });
});
