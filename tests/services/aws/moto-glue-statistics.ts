import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * moto 5.2 serves Glue tables and partitions but not Glue's column statistics
 * operations, which Trino's Glue metastore calls on every CREATE TABLE and INSERT (to
 * clear or store statistics). This launcher adds them to moto's Glue responses as no-ops
 * that keep no statistics, then runs moto's own server: what Trino stores there it never
 * needs back (the `trino` service turns statistics off for reading).
 */
const LAUNCHER = `import json
import sys

from moto.glue.responses import GlueResponse
from moto.server import main


def _answer(body):
    def action(self):
        return json.dumps(body)
    return action


for name, body in {
    "update_column_statistics_for_table": {"Errors": []},
    "update_column_statistics_for_partition": {"Errors": []},
    "delete_column_statistics_for_table": {},
    "delete_column_statistics_for_partition": {},
    "get_column_statistics_for_table": {"ColumnStatisticsList": [], "Errors": []},
    "get_column_statistics_for_partition": {"ColumnStatisticsList": [], "Errors": []},
}.items():
    if not hasattr(GlueResponse, name):
        setattr(GlueResponse, name, _answer(body))

sys.exit(main())
`;

/** Recorded with the `aws` service: a moto started without this launcher is not reused. */
export const GLUE_STATISTICS_LAUNCHER = 'no-op';

/** Write the launcher under `<cacheDir>/moto/` and return its path (run it with the venv's python). */
export function writeMotoLauncher(cacheDir: string): string {
  const dir = join(cacheDir, 'moto');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'moto-server.py');
  writeFileSync(path, LAUNCHER);
  return path;
}
