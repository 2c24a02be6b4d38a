import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogToJson, CATALOG_SCHEMA_VERSION } from '../../../src/artifacts/catalog-json.js';
import { invocationMetadata, newInvocation } from '../../../src/artifacts/invocation-metadata.js';
import { manifestToJson, MANIFEST_SCHEMA_VERSION } from '../../../src/artifacts/manifest-json.js';
import { runResultsToJson, RUN_RESULTS_SCHEMA_VERSION } from '../../../src/artifacts/run-results-json.js';
import { STRATA_VERSION } from '../../../src/artifacts/strata-version.js';
import { fixtureManifest } from './fixture-manifest.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const invocation = {
  strataVersion: '1.2.3',
  generatedAt: new Date('2025-01-02T03:04:05.000Z'),
  invocationId: 'inv-7',
};

describe('invocationMetadata', () => {
  it("writes dbt's metadata block: schema, version, time in UTC, invocation id and no environment", () => {
    expect(invocationMetadata('https://schemas.example/v1.json', invocation)).toEqual({
      dbt_schema_version: 'https://schemas.example/v1.json',
      dbt_version: '1.2.3',
      generated_at: '2025-01-02T03:04:05Z',
      invocation_id: 'inv-7',
      env: {},
    });
  });

  it('is the block manifest.json, run_results.json and catalog.json all start with', () => {
    const manifest = manifestToJson(fixtureManifest(), { ...invocation, adapterType: 'duckdb' }) as Json;
    const runResults = runResultsToJson([], { ...invocation, elapsedSeconds: 0, args: {} }) as Json;
    const catalog = catalogToJson([], invocation);
    expect(manifest.metadata).toMatchObject(invocationMetadata(MANIFEST_SCHEMA_VERSION, invocation));
    expect(runResults.metadata).toEqual(invocationMetadata(RUN_RESULTS_SCHEMA_VERSION, invocation));
    expect(catalog.metadata).toEqual(invocationMetadata(CATALOG_SCHEMA_VERSION, invocation));
  });
});

describe('newInvocation', () => {
  it("is this package's version, now, under a fresh id", () => {
    const before = Date.now();
    const first = newInvocation();
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as Json;
    expect(STRATA_VERSION).toBe(pkg.version);
    expect(first.strataVersion).toBe(pkg.version);
    expect(first.generatedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(first.invocationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(newInvocation().invocationId).not.toBe(first.invocationId);
  });
});
