/**
 * Listens to the ingester's `/commits` stream (server-sent events) and calls back on each
 * commit event. A push only says "read the feed now": the reader lists the records from
 * its cursor, so a lost or late event loses nothing. The stream is reopened after it
 * drops, waiting a little longer each time (up to 5 s).
 */
import { request as httpRequest, type ClientRequest } from 'node:http';

const MAX_RETRY_MS = 5_000;

export class CommitPush {
  private current?: ClientRequest;
  private closed = false;
  private retryMs = 250;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly url: string,
    private readonly onCommit: () => void,
    private readonly onProblem: (message: string) => void = () => undefined,
  ) {
    this.open();
  }

  /** Stop listening. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.current?.destroy();
  }

  private open(): void {
    if (this.closed) return;
    const request = httpRequest(this.url, { headers: { accept: 'text/event-stream' } }, (response) => {
      if (response.statusCode !== 200) {
        this.onProblem(`${this.url} answered ${response.statusCode}`);
        response.resume();
        return;
      }
      this.retryMs = 250;
      // a wake-up is called for by any commit event; the record itself is read from the feed
      this.onCommit();
      response.setEncoding('utf8');
      let pending = '';
      response.on('data', (chunk: string) => {
        const events = (pending + chunk).split('\n\n');
        pending = events.pop() ?? '';
        if (events.some((event) => /^event: commit$/m.test(event))) this.onCommit();
      });
    });
    request.on('close', () => this.reopen());
    request.on('error', (error) => this.onProblem(`${this.url}: ${error.message}`));
    request.end();
    this.current = request;
  }

  private reopen(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => this.open(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }
}
