/**
 * A dbt exposure (`exposures:` in schema YAML): something outside the project that reads
 * its tables (a dashboard, a notebook, an ML model, an application). It builds nothing;
 * it is a sink of the lineage with an owner to ask when its inputs change. Built by
 * `parser/phases/exposures.ts`; written to manifest.json by `artifacts/exposure-json.ts`.
 */
import type { NodeConfig, Origin, RefCall } from '../manifest/types.js';

/** dbt's exposure types. */
export const EXPOSURE_TYPES = ['dashboard', 'notebook', 'analysis', 'ml', 'application'] as const;

export type ExposureType = (typeof EXPOSURE_TYPES)[number];

/** dbt's maturity levels. */
export const EXPOSURE_MATURITIES = ['low', 'medium', 'high'] as const;

export type ExposureMaturity = (typeof EXPOSURE_MATURITIES)[number];

export interface ExposureNode {
  /** `exposure.<project>.<name>` */
  uniqueId: string;
  name: string;
  resourceType: 'exposure';
  packageName: string;
  /** the project, the folders of the YAML file below its model path, and the name */
  fqn: string[];
  origin: Origin;
  /** rendered (`{{ doc('x') }}` replaced) */
  description: string;
  /** `tags:` and `config.tags`, merged as dbt merges them */
  tags: string[];
  /** `meta:` and `config.meta`, config winning */
  meta: Record<string, unknown>;
  /** a human-friendly name (`Weekly Revenue`) */
  label?: string;
  exposureType: ExposureType;
  maturity?: ExposureMaturity;
  url?: string;
  owner: { name?: string; email?: string };
  /** what `depends_on:` names, resolved to `dependsOn` when the manifest is linked */
  refs: RefCall[];
  sources: Array<[sourceName: string, tableName: string]>;
  /** unique ids of the models, seeds, snapshots and sources it reads */
  dependsOn: string[];
  /** only `enabled`, `tags` and `meta` mean something to an exposure (meta is in `extra`) */
  config: NodeConfig;
}
