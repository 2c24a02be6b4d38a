import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../services/lifecycle/free-port.js';
import { tempDir } from '../support/temp-dir.js';
import { strata } from '../support/cli.js';

/**
 * A warehouse endpoint that refuses connections, or answers what no AWS API would (an HTML
 * page from a proxy, plain text, JSON of the wrong shape), while `strata run` creates its
 * schemas: one error naming the call and the setting to check, exit 2, no stack trace.
 * The faults are real: a closed port, and a local HTTP server answering garbage.
 */
interface Answer {
  status: number;
  type: string;
  body: string;
}

const JSON_TYPE = 'application/x-amz-json-1.1';

/** What each server answers, by the operation asked (`X-Amz-Target: <Service>.<Operation>`). */
const GARBAGE: Record<string, (operation: string) => Answer> = {
  'an HTML page': () => ({ status: 200, type: 'text/html', body: '<html><body>Welcome to the proxy</body></html>' }),
  'an HTML error page': () => ({ status: 502, type: 'text/html', body: '<html><body>Bad gateway</body></html>' }),
  'plain text': () => ({ status: 200, type: 'text/plain', body: 'not json at all {' }),
  'JSON of the wrong shape': () => ({ status: 200, type: JSON_TYPE, body: '[1, 2, 3]' }),
  // a statement is accepted, then its state never comes: polling must not go on forever
  'a valid start, then answers without a state': (operation) => ({
    status: 200,
    type: JSON_TYPE,
    body:
      operation === 'StartQueryExecution'
        ? '{"QueryExecutionId": "q-1"}'
        : operation === 'ExecuteStatement'
          ? '{"Id": "s-1"}'
          : '{}',
  }),
};

const TARGETS = {
  athena: (url: string) => [
    '      type: athena',
    '      region: us-east-1',
    '      schema: analytics',
    '      s3_staging_dir: s3://bucket/staging/',
    '      s3_data_dir: s3://bucket/data/',
    `      athena_endpoint: ${url}`,
    `      glue_endpoint: ${url}`,
    `      s3_endpoint: ${url}`,
  ],
  redshift: (url: string) => [
    '      type: redshift',
    '      region: us-east-1',
    '      workgroup: wg',
    '      database: dev',
    '      schema: public',
    `      endpoint: ${url}`,
  ],
};

const servers: Server[] = [];
const urls = new Map<string, string>();

beforeAll(async () => {
  for (const [name, answer] of Object.entries(GARBAGE)) {
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const { status, type, body } = answer(
          String(request.headers['x-amz-target'] ?? '')
            .split('.')
            .pop() ?? '',
        );
        response.writeHead(status, { 'content-type': type }).end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    const address = server.address();
    urls.set(name, `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
  }
  // nothing listens here: connections are refused
  urls.set('a refused connection', `http://127.0.0.1:${await freePort()}`);
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

function project(type: keyof typeof TARGETS, url: string): string {
  const dir = tempDir(`strata-endpoint-${type}-`);
  mkdirSync(join(dir, 'models'));
  writeFileSync(join(dir, 'project.yml'), 'name: p\nprofile: p\n');
  writeFileSync(join(dir, 'models/m.sql'), 'select 1 as id\n');
  writeFileSync(
    join(dir, 'profiles.yml'),
    ['p:', '  target: dev', '  outputs:', '    dev:', ...TARGETS[type](url), '      threads: 1', ''].join('\n'),
  );
  return dir;
}

const ENV = {
  AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'example-secret',
  AWS_MAX_ATTEMPTS: '1',
  NODE_NO_WARNINGS: '1',
};

describe.concurrent('a warehouse endpoint that refuses or answers garbage while schemas are created', () => {
  const cases = (['athena', 'redshift'] as const).flatMap((type) =>
    [...Object.keys(GARBAGE), 'a refused connection'].map((fault) => [type, fault] as const),
  );

  it.each(cases)('%s: %s', async (type, fault) => {
    const result = await strata(['run'], { cwd: project(type, urls.get(fault)!), env: ENV });
    const output = `exit ${result.code}\n--- stderr\n${result.stderr}--- stdout\n${result.stdout}`;
    expect(result.code, output).toBe(2);
    expect(result.stderr, output).toMatch(/^Error: Cannot create schema \S+ on target 'dev' \((athena|redshift)\): /m);
    const call = fault.startsWith('a valid start')
      ? type === 'athena'
        ? 'Athena GetQueryExecution failed'
        : 'Redshift Data API DescribeStatement failed'
      : type === 'athena'
        ? 'Athena StartQueryExecution failed'
        : 'Redshift Data API ExecuteStatement failed';
    expect(result.stderr, output).toContain(call);
    expect(result.stderr, output).toContain("Check the target's region and endpoint overrides");
    if (fault !== 'a refused connection') expect(result.stderr, output).toContain('did not answer like the AWS API');
    expect(result.stderr + result.stdout, output).not.toMatch(/Internal error|^\s+at |\$response/m);
    expect(result.stderr.match(/^Error: /gm), output).toHaveLength(1);
  });
});
