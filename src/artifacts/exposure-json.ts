/**
 * An exposure's entry in manifest.json's `exposures`, shaped as dbt-core 1.10/1.11 writes it
 * (manifest v12): type, owner, maturity and url beside the refs and sources of `depends_on`,
 * resolved into `depends_on.nodes`, which catalog tools draw as the exposure's upstream.
 */
import { redactSecrets } from '../config/redact-secrets.js';
import type { ExposureNode } from '../exposures/exposure-node.js';
import { nodePath, originalFilePath } from './node-paths.js';

/** The `exposures` entry of `exposure`; `createdAt` is in seconds since the epoch. */
export function exposureToJson(exposure: ExposureNode, createdAt: number): Record<string, unknown> {
  const meta = redactSecrets(exposure.meta);
  return {
    name: exposure.name,
    resource_type: 'exposure',
    package_name: exposure.packageName,
    path: nodePath(exposure),
    original_file_path: originalFilePath(exposure),
    unique_id: exposure.uniqueId,
    fqn: exposure.fqn,
    type: exposure.exposureType,
    owner: { email: exposure.owner.email ?? null, name: exposure.owner.name ?? null },
    description: exposure.description,
    label: exposure.label ?? null,
    maturity: exposure.maturity ?? null,
    meta,
    tags: exposure.tags,
    config: { enabled: true, tags: exposure.tags, meta },
    unrendered_config: {},
    url: exposure.url ?? null,
    depends_on: { macros: [], nodes: exposure.dependsOn },
    refs: exposure.refs.map((ref) => ({ name: ref.name, package: ref.package ?? null, version: null })),
    sources: exposure.sources,
    metrics: [],
    created_at: createdAt,
  };
}
