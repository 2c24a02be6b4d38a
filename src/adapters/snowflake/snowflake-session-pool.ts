import type { Connection as SdkConnection } from 'snowflake-sdk';

/** Opens one logged-in session. */
export type OpenSession = () => Promise<SdkConnection>;

/**
 * A small pool of Snowflake sessions shared by the worker threads: a thread borrows one for
 * a node (so BEGIN ... COMMIT stays on one session) and gives it back, and a later phase of
 * the same command (tests after models, the catalog after a build) reuses it instead of
 * logging in again. Logins are slow (hundreds of milliseconds) and counted by Snowflake.
 * At most `size` sessions exist; a borrower beyond that waits for one to come back.
 */
export class SnowflakeSessionPool {
  private readonly idle: SdkConnection[] = [];
  private readonly waiting: Array<{ resolve: (session: SdkConnection) => void; reject: (error: unknown) => void }> = [];
  private open = 0;
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly openSession: OpenSession,
  ) {}

  /** A logged-in session: an idle one, a new one while under `size`, else the next returned. */
  async acquire(): Promise<SdkConnection> {
    if (this.closed) throw new Error('the Snowflake session pool is closed');
    while (this.idle.length > 0) {
      const session = this.idle.pop()!;
      if (session.isUp()) return session;
      this.open--; // logged out by the server while idle (session expiry): drop it
    }
    if (this.open < this.size) {
      this.open++;
      try {
        return await this.openSession();
      } catch (error) {
        this.open--;
        throw error;
      }
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Give a session back for the next borrower. */
  release(session: SdkConnection): void {
    const next = this.waiting.shift();
    if (next) return next.resolve(session);
    if (this.closed) {
      this.open--;
      void destroy(session);
      return;
    }
    this.idle.push(session);
  }

  /** Log out of every idle session; sessions still borrowed are logged out when returned. */
  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('the Snowflake session pool is closed'));
    const sessions = this.idle.splice(0);
    this.open -= sessions.length;
    await Promise.all(sessions.map(destroy));
  }
}

function destroy(session: SdkConnection): Promise<void> {
  return new Promise((resolve) => {
    if (!session.isUp()) return resolve();
    session.destroy(() => resolve());
  });
}
