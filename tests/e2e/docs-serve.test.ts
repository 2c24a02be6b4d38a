import { request } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, strata, type CliResult } from '../support/cli.js';

interface Answer {
  status: number;
  contentType: string | undefined;
  body: string;
}

/** A GET with the path sent exactly as written (fetch would normalize `/../`). */
function get(base: URL, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('strata docs serve', () => {
  let dir: string;
  let base: URL;
  let stop: (signal: NodeJS.Signals) => void;
  let exited: Promise<CliResult>;

  beforeAll(async () => {
    dir = copyFixture('basic');
    expect((await strata(['docs', 'generate', '--empty-catalog'], { cwd: dir })).code).toBe(0);
    let output = () => '';
    exited = strata(['docs', 'serve', '--port', '0'], {
      cwd: dir,
      onSpawn: (kill, stdout) => {
        stop = kill;
        output = stdout;
      },
    });
    base = new URL(await waitFor(() => /Serving docs at (http:\/\/\S+)/.exec(output())?.[1], 'the server to start'));
  });

  afterAll(() => stop?.('SIGKILL'));

  it('serves the site over HTTP with its content types', async () => {
    const page = await get(base, '/');
    expect(page.status).toBe(200);
    expect(page.contentType).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('id="strata-docs-data"');
    expect(await get(base, '/index.html')).toMatchObject({ status: 200, body: page.body });
    expect(await get(base, '/catalog.json')).toMatchObject({
      status: 200,
      contentType: 'application/json; charset=utf-8',
    });
  });

  it('refuses to leave the target folder', async () => {
    for (const path of [
      '/../project.yml',
      '/%2e%2e/project.yml',
      '/compiled/../../profiles.yml',
      '/..%2fprofiles.yml',
    ]) {
      expect((await get(base, path)).status, path).toBe(404);
    }
  });

  it('refuses to hand out what is not part of the site', async () => {
    expect((await get(base, '/nothing.html')).status).toBe(404);
  });

  it('stops cleanly on SIGINT', async () => {
    stop('SIGINT');
    const result = await exited;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Stopped serving docs/);
    expect(result.stderr).toBe('');
  });
});

describe('strata docs serve errors', () => {
  it('names the fix when the site was never generated', async () => {
    const result = await strata(['docs', 'serve', '--port', '0'], { cwd: copyFixture('basic') });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/index\.html does not exist/);
    expect(result.stderr).toMatch(/strata docs generate/);
  });

  it('names the fix when the port is in use', async () => {
    const dir = copyFixture('basic');
    expect((await strata(['docs', 'generate', '--empty-catalog', '--no-compile'], { cwd: dir })).code).toBe(0);
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((blocker.address() as { port: number }).port);
      const result = await strata(['docs', 'serve', '--port', port], { cwd: dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/already in use/);
      expect(result.stderr).toMatch(/--port/);
    } finally {
      blocker.close();
    }
  });
});
