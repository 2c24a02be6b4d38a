/**
 * An HTTP proxy that counts and times what a client asks of a service: put between a
 * process and Glue (or the Snowflake-protocol server), it tells how many calls of each kind
 * a run made and how long the client waited on them. For benchmarks only.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Calls of one kind: how many, and the wall time from request to the answer's end (ms). */
export interface CallTally {
  count: number;
  totalMs: number;
}

export class CountingProxy {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly calls: Map<string, CallTally>,
  ) {}

  /** Proxy to `upstream` (`http://host:port`), naming each call with `kind`. */
  static async start(upstream: string, kind: (request: IncomingMessage) => string): Promise<CountingProxy> {
    const target = new URL(upstream);
    const calls = new Map<string, CallTally>();
    const tally = (name: string, ms: number) => {
      const counted = calls.get(name) ?? { count: 0, totalMs: 0 };
      counted.count += 1;
      counted.totalMs += ms;
      calls.set(name, counted);
    };
    const server = createServer((incoming, answer) => {
      const started = performance.now();
      const name = kind(incoming);
      const outgoing = request(
        {
          host: target.hostname,
          port: target.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, host: target.host },
        },
        (upstreamAnswer) => {
          answer.writeHead(upstreamAnswer.statusCode ?? 502, upstreamAnswer.headers);
          upstreamAnswer.pipe(answer);
          upstreamAnswer.on('end', () => tally(name, performance.now() - started));
        },
      );
      outgoing.on('error', () => answer.destroy());
      incoming.pipe(outgoing);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    return new CountingProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((done) => this.server.close(() => done()));
  }
}

/** A Glue call's operation, from its `X-Amz-Target: AWSGlue.GetTable` header. */
export const glueOperation = (request: IncomingMessage): string =>
  String(request.headers['x-amz-target'] ?? 'unknown').replace(/^AWSGlue\./, '');

/** A Snowflake-protocol call by its path (login, query, ...). */
export const snowflakeCall = (request: IncomingMessage): string => (request.url ?? '').split('?')[0] ?? '';
