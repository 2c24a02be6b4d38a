import { configDefaults, defineConfig } from 'vitest/config';

/** Suites that need a real service; their project's global setup starts the services. */
const SERVICE_SUITES = 'tests/integration/{kafka,kinesis,aws,postgres,snowflake,trino,schema-registry}/**/*.test.ts';
/** The docs site in headless Chromium (and the browser app's own logic). */
const BROWSER_SUITES = 'tests/browser/**/*.test.ts';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'local',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, SERVICE_SUITES, BROWSER_SUITES],
        },
      },
      {
        // A separate project so the services start only when one of these suites runs.
        extends: true,
        test: {
          name: 'services',
          include: [SERVICE_SUITES],
          globalSetup: ['tests/services/lifecycle/global-setup.ts'],
        },
      },
      {
        // `vitest run --project browser` runs only these; they build sites with the CLI (dist/).
        extends: true,
        test: { name: 'browser', include: [BROWSER_SUITES] },
      },
    ],
  },
});
