/**
 * The facts that identify one invocation, and dbt's `metadata` block that carries them at
 * the top of manifest.json, run_results.json and catalog.json.
 */
import { randomUUID } from 'node:crypto';
import { pythonIsoTime } from './python-iso-time.js';
import { STRATA_VERSION } from './strata-version.js';

/** Who wrote an artifact, when, and in which invocation. */
export interface Invocation {
  strataVersion: string;
  generatedAt: Date | string;
  invocationId: string;
}

/** dbt's `metadata` block, the part every artifact shares. */
export interface InvocationMetadata {
  dbt_schema_version: string;
  dbt_version: string;
  generated_at: string;
  invocation_id: string;
  env: Record<string, never>;
}

/** A fresh invocation of this Strata version, generated now. */
export function newInvocation(): Invocation & { generatedAt: Date } {
  return { strataVersion: STRATA_VERSION, generatedAt: new Date(), invocationId: randomUUID() };
}

/** The `metadata` block of an artifact whose schema is `schemaVersion` (dbt's schema URL). */
export function invocationMetadata(schemaVersion: string, invocation: Invocation): InvocationMetadata {
  return {
    dbt_schema_version: schemaVersion,
    dbt_version: invocation.strataVersion,
    generated_at: isoTime(invocation.generatedAt),
    invocation_id: invocation.invocationId,
    // dbt copies DBT_ENV_CUSTOM_ENV_* here; we write nothing from the environment.
    env: {},
  };
}

/** A time as dbt's artifacts write it: ISO 8601 in UTC, six fraction digits (text is taken as already written so). */
export function isoTime(value: Date | string): string {
  return value instanceof Date ? pythonIsoTime(value) : value;
}
