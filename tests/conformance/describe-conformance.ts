import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RelationName } from '../../src/manifest/types.js';
import { copyFixture, strata, type CliResult } from '../support/cli.js';
import {
  AFTER_FIRST_RUN,
  EPHEMERAL_MODELS,
  FAILING_TESTS,
  FINAL_ROWS,
  INCREMENTAL_MESSAGES,
  PASSING_TESTS,
  RELATION_KINDS,
  SNAPSHOT_ROWS,
  UNIT_TESTS,
} from './expected.js';
import { expectSourceFreshness, withLoadedEventsView } from './expected-freshness.js';
import {
  expectHooksRan,
  GRANTED,
  grantsNotes,
  HOOKED,
  HOOKS_AND_GRANTS_KINDS,
  READER_VARIABLE,
  type GrantsProbe,
} from './hooks-and-grants.js';
import { normalizeRows, sortRows, type Row } from './normalize-rows.js';
import { readBuiltNodes, readOutcomes, type BuiltNode } from './project-artifacts.js';
import { withWarehouse, type WarehouseSession } from './warehouse.js';

const FIXTURE = 'conformance';
const PROFILE = 'conformance';
const EXPECT_FAIL = 'tag:expect_fail';
const SEEDS = ['customers', 'order_events'];
const SNAPSHOT = 'order_status_history';
const MICROBATCH_DAYS = ['--event-time-start', '2024-05-01', '--event-time-end', '2024-05-05'];
/** The time a step that runs the CLI several times may take on the slowest stand-in (Trino for Athena). */
const SLOW_STEP_MS = 240_000;

/** How one adapter runs the conformance project. */
export interface ConformanceOptions {
  /**
   * Environment of every CLI run and check: the settings the target's env_var() calls
   * read. A function is called when the suite starts, after the caller's own beforeAll
   * (e.g. a test host that only then knows its port).
   */
  env?: Record<string, string> | (() => Record<string, string>);
  /**
   * Models the engine behind this target cannot run, each with the reason (e.g. a
   * stand-in engine lacking a warehouse function that golden SQL tests cover). They are
   * excluded from every command and every check, and the reasons are printed.
   */
  unsupported?: Record<string, string>;
  /** drop the schemas the project built once done (a shared server); a DuckDB file just goes */
  dropSchemas?: boolean;
  /**
   * Where the warehouse applies `grants`: the reader the project's grants name and how to ask
   * whether it may read. Without it, each run must say in one line that grants are not applied.
   */
  grants?: GrantsProbe;
}

/**
 * The adapter conformance suite: copy tests/fixtures/conformance, run seed, run (twice,
 * so the incremental strategies really run), test (passing and failing tests apart) and
 * build through the real CLI with `--target <targetName>`, and check every relation's
 * rows against tests/conformance/expected.ts. Steps run in order on one warehouse.
 */
export function describeConformance(targetName: string, options: ConformanceOptions = {}): void {
  let env: Record<string, string> = {};
  const unsupported = options.unsupported ?? {};
  const left = (name: string) => !(name in unsupported);

  describe(`adapter conformance on target ${targetName}`, () => {
    let dir = '';
    let built = new Map<string, BuiltNode>();

    const cli = (command: string[], { exclude = [] as string[], vars = '' } = {}): Promise<CliResult> => {
      const excluded = [...exclude, ...Object.keys(unsupported)];
      const args = [...command, '--target', targetName];
      // the microbatch model's batches: the four days of the events, whatever today is
      if (command[0] === 'run' || command[0] === 'build') args.push(...MICROBATCH_DAYS);
      if (vars) args.push('--vars', vars);
      if (excluded.length > 0) args.push('--exclude', ...excluded);
      return strata(args, { cwd: dir, env });
    };

    const warehouse = <T>(use: (session: WarehouseSession) => Promise<T>) =>
      withWarehouse(dir, PROFILE, targetName, { ...process.env, ...env }, use);

    /** Every named relation's rows, normalised, read in one session. */
    const readRows = (names: string[]): Promise<Record<string, Row[]>> =>
      warehouse(async ({ connection, dialect }) => {
        const rows: Record<string, Row[]> = {};
        for (const name of names.filter(left)) {
          const result = await connection.query(`select * from ${dialect.renderRelation(relationOf(name))}`);
          rows[name] = normalizeRows(result.rows);
        }
        return rows;
      });

    const expectRows = async (expected: Record<string, Row[]>) => {
      const names = Object.keys(expected).filter(left);
      const wanted = Object.fromEntries(names.map((name) => [name, sortRows(expected[name]!)]));
      expect(await readRows(names)).toEqual(wanted);
    };

    const relationOf = (name: string): RelationName => {
      const node = built.get(name);
      if (!node) throw new Error(`${name} is not in target/manifest.json`);
      return node.relation;
    };

    beforeAll(() => {
      env = typeof options.env === 'function' ? options.env() : { ...options.env };
      if (options.grants) env[READER_VARIABLE] = options.grants.reader;
      dir = copyFixture(FIXTURE);
      for (const [model, reason] of Object.entries(unsupported)) {
        console.warn(`[conformance ${targetName}] leaving out ${model}: ${reason}`);
      }
    });

    afterAll(async () => {
      if (!dir) return;
      try {
        if (options.dropSchemas && built.size > 0) {
          await warehouse(async ({ connection, dialect }) => {
            for (const { schema } of builtSchemas()) {
              await connection.execute(`DROP SCHEMA IF EXISTS ${dialect.quoteIdentifier(schema)} CASCADE`);
            }
          });
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('loads the seeds', async () => {
      const result = await cli(['seed']);
      expectSuccess(result);
      built = readBuiltNodes(dir);
      await expectRows(pick(FINAL_ROWS, SEEDS));
    });

    it('checks source freshness on the seeded events and the warehouse clock', async () => {
      await withLoadedEventsView(warehouse, relationOf('order_events'), async () =>
        expectSourceFreshness(await cli(['source', 'freshness']), dir),
      );
    });

    it('builds views, tables, incremental tables and an ephemeral model on the first run', async () => {
      const result = await cli(['run'], { vars: '{batch: 1}' });
      expectSuccess(result);
      const outcomes = readOutcomes(dir);
      for (const name of Object.keys(INCREMENTAL_MESSAGES).filter(left)) {
        expect(outcomes.get(name)?.adapterMessage, `${name} is built as a table first`).toMatch(/^SELECT\b/);
      }
      await expectRows(AFTER_FIRST_RUN);
      const kinds = { ...RELATION_KINDS, ...HOOKS_AND_GRANTS_KINDS };
      const expectedKinds = Object.fromEntries(Object.entries(kinds).filter(([name]) => left(name)));
      expect(await readKinds()).toEqual(expectedKinds);
    });

    it('runs a model between its pre-hook and its post-hook', async () => {
      if (!left(HOOKED)) return;
      await expectHooksRan(warehouse, relationOf(HOOKED));
    });

    it('grants select to the reader the config names and revokes it when the config stops naming it', async () => {
      if (!left(GRANTED)) return;
      const granted = await cli(['run', '--select', GRANTED]);
      expectSuccess(granted);
      const probe = options.grants;
      if (!probe) {
        // the warehouse has no SQL grants: one line says so, naming the model
        expect(grantsNotes(granted)).toEqual([expect.stringContaining(`targets: ${GRANTED} sets grants`)]);
        return;
      }
      expect(grantsNotes(granted)).toEqual([]);
      expect(await probe.canRead(relationOf(GRANTED))).toBe(true);
      expectSuccess(await cli(['run', '--select', GRANTED], { vars: '{grant_reader: false}' }));
      expect(await probe.canRead(relationOf(GRANTED))).toBe(false);
      expectSuccess(await cli(['run', '--select', GRANTED]));
      expect(await probe.canRead(relationOf(GRANTED))).toBe(true);
    });

    it('appends, merges and deletes+inserts the second batch incrementally', async () => {
      const result = await cli(['run'], { vars: '{batch: 2}' });
      expectSuccess(result);
      const outcomes = readOutcomes(dir);
      for (const [name, message] of Object.entries(INCREMENTAL_MESSAGES).filter(([n]) => left(n))) {
        expect(outcomes.get(name)?.adapterMessage, `${name} runs incrementally`).toMatch(message);
      }
      await expectRows(FINAL_ROWS);
    });

    it('re-runs idempotently', async () => {
      expectSuccess(await cli(['run'], { vars: '{batch: 2}' }));
      await expectRows(FINAL_ROWS);
    });

    it(
      'records a snapshot batch by batch, closing replaced rows, and adds nothing on a re-run',
      async () => {
        const snapshotRows = () =>
          warehouse(async ({ connection, dialect }) => {
            const columns = 'order_id, customer_id, status, amount, dbt_updated_at, dbt_valid_from, dbt_valid_to';
            const relation = dialect.renderRelation(relationOf(SNAPSHOT));
            return normalizeRows((await connection.query(`select ${columns} from ${relation}`)).rows);
          });
        for (const batch of [1, 2, 2]) {
          const result = await cli(['snapshot'], { vars: `{batch: ${batch}}` });
          expectSuccess(result);
          expect(result.stdout).toMatch(new RegExp(`OK snapshotted \\w+\\.${SNAPSHOT}`));
          built = readBuiltNodes(dir);
          expect(sortRows(await snapshotRows())).toEqual(sortRows(SNAPSHOT_ROWS[batch === 1 ? 'batch1' : 'batch2']));
        }
        // three runs, each a table rebuild on Athena, where the Trino stand-in takes a while per statement
      },
      SLOW_STEP_MS,
    );

    it('passes every test not meant to fail', async () => {
      const result = await cli(['test'], { exclude: [EXPECT_FAIL] });
      expectSuccess(result);
      const outcomes = [...readOutcomes(dir).values()];
      expect(outcomes.map((o) => o.name).sort()).toEqual([...PASSING_TESTS].sort());
      expect(outcomes.filter((o) => o.status !== 'pass')).toEqual([]);
    });

    it('fails each failing test with its failure count', async () => {
      const result = await cli(['test', '--select', EXPECT_FAIL]);
      expect(result.code, output(result)).toBe(1);
      const outcomes = [...readOutcomes(dir).values()];
      const counts = Object.fromEntries(outcomes.map((o) => [o.name, { status: o.status, failures: o.failures }]));
      const expected = Object.fromEntries(
        Object.entries(FAILING_TESTS).map(([name, failures]) => [name, { status: 'fail', failures }]),
      );
      expect(counts).toEqual(expected);
    });

    it('runs the unit tests on the target itself, their given rows as CTEs in its SQL', async () => {
      const result = await cli(['test', '--select', 'test_type:unit', '--unit-target', targetName], {
        exclude: [EXPECT_FAIL],
      });
      expectSuccess(result);
      const outcomes = [...readOutcomes(dir).values()];
      expect(outcomes.map((o) => [o.name, o.status]).sort()).toEqual(UNIT_TESTS.map((name) => [name, 'pass']).sort());
    });

    it('prints the expected-vs-actual diff of a failing unit test on the target', async () => {
      const selector = `test_type:unit,${EXPECT_FAIL}`;
      const result = await cli(['test', '--select', selector, '--unit-target', targetName]);
      expect(result.code, output(result)).toBe(1);
      expect(result.stdout).toContain('FAIL 1 customer_orders::fails_unit_customer_orders');
      expect(result.stdout).toMatch(/customer_id \| events\n.*- 1 +\| 1\n.*\+ 1 +\| 0/i);
    });

    it(
      'builds seeds, models and tests in one build, rows unchanged',
      async () => {
        const result = await cli(['build'], { exclude: [EXPECT_FAIL], vars: '{batch: 2}' });
        expectSuccess(result);
        const outcomes = [...readOutcomes(dir).values()];
        expect(outcomes.filter((o) => o.status !== 'success' && o.status !== 'pass')).toEqual([]);
        await expectRows(FINAL_ROWS);
      },
      SLOW_STEP_MS,
    );

    it('fails a seed whose last row has an extra field with its file and line, keeping the table', async () => {
      const csv = join(dir, 'seeds/customers.csv');
      const good = readFileSync(csv, 'utf8');
      writeFileSync(csv, `${good}5,Eve,US,2024-05-01,true,extra\n`);
      try {
        const result = await cli(['seed', '--select', 'customers']);
        expect(result.code, output(result)).toBe(1);
        expect(result.stdout).toContain('seeds/customers.csv:6: This row has 6 fields, the header has 5.');
      } finally {
        writeFileSync(csv, good);
      }
      await expectRows(pick(FINAL_ROWS, ['customers']));
    });

    it('fails a model whose columns differ from its contract before replacing its table', async () => {
      if (!left('contracted_customers')) return;
      const result = await cli(['run', '--select', 'contracted_customers'], { vars: '{contracted_id_type: varchar}' });
      expect(result.code, output(result)).toBe(1);
      expect(result.stdout).toContain('Model "contracted_customers" has an enforced contract that failed');
      expect(result.stdout).toMatch(/\| customer_id +\| [^|]+\| INTEGER +\| data type mismatch \|/);
      await expectRows(pick(FINAL_ROWS, ['contracted_customers']));
    });

    /** The schemas (and databases) the project's nodes land in. */
    function builtSchemas(): RelationName[] {
      const schemas = new Map(
        [...built.values()].map((n) => [`${n.relation.database ?? ''}.${n.relation.schema}`, n.relation]),
      );
      return [...schemas.values()];
    }

    /** Each fixture relation's kind; staging and backup leftovers would show up here too. */
    async function readKinds(): Promise<Record<string, string>> {
      const kinds: Record<string, string> = {};
      await warehouse(async ({ connection }) => {
        for (const { schema, database } of builtSchemas()) {
          for (const relation of await connection.listRelations(schema, database))
            kinds[relation.identifier.toLowerCase()] = relation.kind;
        }
      });
      for (const name of EPHEMERAL_MODELS) expect(kinds, `ephemeral ${name} builds nothing`).not.toHaveProperty(name);
      return kinds;
    }
  });
}

function expectSuccess(result: CliResult): void {
  expect(result.code, output(result)).toBe(0);
}

function output(result: CliResult): string {
  return `exit ${result.code}\n${result.stdout}\n${result.stderr}`;
}

function pick<T>(record: Record<string, T>, names: string[]): Record<string, T> {
  return Object.fromEntries(names.map((name) => [name, record[name]!]));
}
