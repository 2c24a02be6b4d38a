import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadSession } from '../../../src/execution/session.js';
import { feedLakes } from '../../../src/watch/feed-topics.js';
import { tempProject } from '../../support/temp-project.js';

it('maps sources on a local lake and on s3:// lakes to their lake roots and topics', () => {
  const project = tempProject({
    'project.yml': 'name: fed\nversion: "1.0"\nprofile: fed\nmodel-paths: [models]\n',
    'profiles.yml': 'fed:\n  target: dev\n  outputs:\n    dev: { type: duckdb, path: target/fed.duckdb }\n',
    'models/sources.yml': `
version: 2
sources:
  - name: bronze
    tables:
      - { name: orders, external: { location: "s3://shop-lake/bronze/orders/", format: jsonl } }
      - { name: payments, external: { location: "s3://shop-lake/bronze/payments", format: jsonl } }
      - { name: users, external: { location: "s3://other-lake/users", format: jsonl } }
      - { name: clicks, external: { location: lake/clicks, format: jsonl } }
      - { name: plain }
`,
  });
  const session = loadSession({ projectDir: project, profilesDir: project });
  const lakes = feedLakes(session, session.parsed.manifest.sources.keys());
  expect(lakes.map((lake) => [lake.root, Object.fromEntries(lake.sources)])).toEqual([
    ['s3://shop-lake/bronze', { orders: ['source.fed.bronze.orders'], payments: ['source.fed.bronze.payments'] }],
    ['s3://other-lake', { users: ['source.fed.bronze.users'] }],
    [join(project, 'lake'), { clicks: ['source.fed.bronze.clicks'] }],
  ]);
});
