/**
 * `GET /commits` on the ops server: the commit feed pushed as server-sent events, one
 * `commit` event per record this instance lands, once its offset is committed. A push is
 * only a wake-up call: the records under the lake's `.strata-feed/` are the truth, so a
 * reader that connects late or loses the stream lists the feed from its cursor and misses
 * nothing (src/feed/CONTEXT.md).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CommitRecord } from '../../src/feed/commit-record.js';

/** A comment line now and then keeps idle proxies and clients from closing the stream. */
const KEEP_ALIVE_MS = 15_000;

export class CommitStream {
  private readonly clients = new Set<ServerResponse>();
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => this.send(': keep-alive\n\n'), KEEP_ALIVE_MS);
    this.timer.unref();
  }

  /** Send a committed record to every connected client. */
  publish(record: CommitRecord): void {
    this.send(`event: commit\nid: ${record.id}\ndata: ${JSON.stringify(record)}\n\n`);
  }

  /** Serve one client until it disconnects. */
  handle(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    response.write(': strata commit feed\n\n');
    this.clients.add(response);
    request.on('close', () => this.clients.delete(response));
  }

  /** End every stream (the server is closing). */
  close(): void {
    clearInterval(this.timer);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private send(chunk: string): void {
    for (const client of this.clients) client.write(chunk);
  }
}
