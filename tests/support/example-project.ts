/**
 * The example project (the repository's top-level `project.yml`, `models/`, `seeds/`...)
 * copied into a test's folder, and a lake of its events generated there: what every
 * suite that builds the example starts from, whatever the warehouse or Bronze layout.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import type { GeneratorTally } from '../../ingest/generator/index.js';
import { strata } from './cli.js';

const REPO = resolve(import.meta.dirname, '../..');

/** What a copy of the example project needs to build. */
const EXAMPLE_ENTRIES = ['project.yml', 'profiles.yml', 'models', 'seeds', 'macros', 'data-tests'];

/** The gold tables of the example, which every build must create. */
export const EXAMPLE_GOLD_MODELS = [
  'orders_daily_summary',
  'payment_daily_summary',
  'user_daily_activity_summary',
  'customer_daily_metrics',
  'hourly_trends',
  'top_customers',
  'sales_by_country',
  'channel_performance',
  'funnel_breakdown',
];

/** Copy the example project into `dir` (no lake, no target). */
export function copyExampleProject(dir: string): void {
  for (const entry of EXAMPLE_ENTRIES) cpSync(join(REPO, entry), join(dir, entry), { recursive: true });
}

/** How much `strata generate` makes. */
export interface GeneratedVolume {
  seed: number;
  users: number;
  days: number;
}

/** `strata generate` in `dir` (which holds the example's project.yml); returns the generator's tally of the lake. */
export async function generateExampleLake(dir: string, volume: GeneratedVolume): Promise<GeneratorTally> {
  const { seed, users, days } = volume;
  const generated = await strata(['generate', '--seed', `${seed}`, '--users', `${users}`, '--days', `${days}`], {
    cwd: dir,
  });
  expect(generated.code, generated.stderr).toBe(0);
  return JSON.parse(readFileSync(join(dir, 'lake/_generator/tally.json'), 'utf8')) as GeneratorTally;
}
