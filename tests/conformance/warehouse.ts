import type { Connection, Dialect } from '../../src/adapters/contract.js';
import { createAdapter } from '../../src/adapters/registry.js';
import { loadTarget } from '../../src/config/profiles.js';

/** A session on the warehouse a fixture's target names, opened the way the CLI opens it. */
export interface WarehouseSession {
  connection: Connection;
  dialect: Dialect;
}

/**
 * Open the project's target through its own adapter, run `use`, and close everything,
 * so checks read the warehouse exactly as Strata sees it, on every adapter alike. Run it
 * only while no CLI holds the warehouse (DuckDB allows one process per file).
 */
export async function withWarehouse<T>(
  projectDir: string,
  profileName: string,
  targetName: string,
  env: Record<string, string | undefined>,
  use: (session: WarehouseSession) => Promise<T>,
): Promise<T> {
  const { target } = loadTarget({ projectRoot: projectDir, profileName, targetName, env });
  const adapter = await createAdapter(target, projectDir);
  try {
    const connection = await adapter.connect();
    try {
      return await use({ connection, dialect: adapter.dialect });
    } finally {
      await connection.close();
    }
  } finally {
    await adapter.close();
  }
}
