import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, queryDuckDb, strata } from '../support/cli.js';
import { landHour } from '../unit/ingest/compaction/small-file-lake.js';

describe('a lake source after strata lake compact', () => {
  it('reads every record once while the replaced files are still on disk', async () => {
    const dir = copyFixture('compacted-lake');
    const lake = join(dir, 'lake');
    const records = (await landHour(lake, '10', [0, 1], 6, 25)) + (await landHour(lake, '11', [0, 1], 4, 25, 1000));
    writeFileSync(
      join(dir, 'ingest.yml'),
      'brokers: 127.0.0.1:9092\ngroup_id: g\ntopics: [{ name: orders, table: bronze_orders }]\n' +
        'destination: { path: lake }\n',
    );
    const build = async () => {
      const run = await strata(['run'], { cwd: dir });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      return queryDuckDb(join(dir, 'target/compacted_lake.duckdb'), 'select records, ids from main.order_ids');
    };
    expect(await build()).toEqual([{ records: BigInt(records), ids: BigInt(records) }]);

    // Retention keeps the replaced files beside the new generations: a glob would read both.
    const compact = await strata(['lake', 'compact', '--config', 'ingest.yml', '--assume-committed'], { cwd: dir });
    expect(compact.code, compact.stderr).toBe(0);
    expect(compact.stdout).toMatch(/"generations":2/);
    expect(await build()).toEqual([{ records: BigInt(records), ids: BigInt(records) }]);
  });
});
