import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileInside, startDocsServer, type DocsServer } from '../../../src/docs/serve-docs.js';
import { tempDir } from '../../support/temp-dir.js';

describe('docs server', () => {
  let project: string;
  let root: string;

  beforeAll(() => {
    project = realpathSync(tempDir('strata-serve-'));
    root = join(project, 'target');
    mkdirSync(join(root, 'compiled'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>docs</title>');
    writeFileSync(join(root, 'compiled', 'a.sql'), 'select 1');
    writeFileSync(join(project, 'profiles.yml'), 'secret: yes');
    symlinkSync(join(project, 'profiles.yml'), join(root, 'link.json'));
  });

  it('maps request paths to files inside the folder only', async () => {
    expect(await fileInside(root, '/')).toBe(join(root, 'index.html'));
    expect(await fileInside(root, '/compiled/a.sql?x=1')).toBe(join(root, 'compiled', 'a.sql'));
    for (const url of [
      '/../profiles.yml',
      '/compiled/../../profiles.yml',
      '/%2e%2e/profiles.yml',
      '/%2E%2E%2Fprofiles.yml',
      '/..%5cprofiles.yml',
      '/%00',
      '/%zz',
      'profiles.yml',
      '/link.json',
    ]) {
      expect(await fileInside(root, url), url).toBeUndefined();
    }
  });

  describe('over HTTP', () => {
    let server: DocsServer;
    beforeAll(async () => {
      server = await startDocsServer({ root, port: 0, host: '127.0.0.1' });
    });
    afterAll(() => server.close());

    it('serves files with their content types', async () => {
      const page = await fetch(server.url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toContain('<title>docs</title>');
      const sql = await fetch(new URL('compiled/a.sql', server.url));
      expect(sql.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    });

    it('answers 404 for missing files and 405 for other methods', async () => {
      expect((await fetch(new URL('nothing.json', server.url))).status).toBe(404);
      expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
    });
  });

  it('names the fix when there is no site to serve', async () => {
    const empty = tempDir('strata-serve-empty-');
    await expect(startDocsServer({ root: empty, port: 0, host: '127.0.0.1' })).rejects.toThrow(
      /index\.html does not exist/,
    );
  });

  it('names the fix when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startDocsServer({ root, port, host: '127.0.0.1' })).rejects.toThrow(/already in use/);
    } finally {
      blocker.close();
    }
  });
});
