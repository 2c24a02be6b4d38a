import { randomUUID } from 'node:crypto';
import pg from 'pg';

/**
 * Data API sessions: a SessionId stands for one PostgreSQL connection that outlives a
 * statement, so BEGIN/COMMIT across calls and temporary tables work. A session runs one
 * statement at a time and closes `keepAliveSeconds` after its last statement ends (0:
 * right after it).
 */

/** Who a statement runs as: the ExecuteStatement identity members. */
export interface StatementIdentity {
  database: string;
  clusterIdentifier?: string;
  workgroupName?: string;
  dbUser?: string;
  secretArn?: string;
}

/**
 * Session settings that make PostgreSQL answer as a Redshift session does: UTC and ISO
 * dates (the Field strings follow from them), and a backslash in a string literal read as
 * an escape, as Redshift reads it. `postgres.options` adds to them.
 */
const REDSHIFT_SESSION_OPTIONS = [
  '-c TimeZone=UTC',
  '-c DateStyle=ISO,MDY',
  '-c IntervalStyle=postgres',
  '-c standard_conforming_strings=off',
  '-c escape_string_warning=off',
].join(' ');

/** Open a PostgreSQL connection for an identity: its database, and its DbUser as the role. */
export async function connectAs(postgres: pg.ClientConfig, identity: StatementIdentity): Promise<pg.Client> {
  const client = new pg.Client({
    ...postgres,
    database: identity.database,
    user: identity.dbUser ?? postgres.user,
    application_name: 'redshift-data-api-host',
    options: [REDSHIFT_SESSION_OPTIONS, postgres.options].filter(Boolean).join(' '),
  });
  // A backend that goes away mid-session is reported on the next statement, not thrown here.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** The backend process id of a connection (pg keeps it from BackendKeyData). */
export function backendPid(client: pg.Client): number {
  return (client as unknown as { processID: number }).processID;
}

export class Session {
  readonly id = randomUUID();
  readonly createdAt = new Date();
  /** the statement running now, if any */
  busyWith: string | undefined;
  closed = false;
  private client: Promise<pg.Client> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly postgres: pg.ClientConfig,
    readonly identity: StatementIdentity,
    public keepAliveSeconds: number,
    private readonly onClose: (session: Session) => void,
  ) {}

  /** The session's connection, opened by its first statement. */
  connection(): Promise<pg.Client> {
    this.client ??= connectAs(this.postgres, this.identity);
    return this.client;
  }

  /** A statement takes the session; the idle timer stops. */
  take(statementId: string): void {
    clearTimeout(this.timer);
    this.busyWith = statementId;
  }

  /** The statement ended: the session idles for its keep-alive, then closes. */
  release(): void {
    this.busyWith = undefined;
    if (this.keepAliveSeconds <= 0) {
      void this.close();
      return;
    }
    this.timer = setTimeout(() => void this.close(), this.keepAliveSeconds * 1000);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.onClose(this);
    const client = await this.client?.catch(() => undefined);
    await client?.end().catch(() => undefined);
  }
}
