/**
 * Lake locations checked for the whole project before any work starts, whatever is
 * selected (as dbt checks every node at parse time): each model's `location` passes the
 * rules of `lake-location-rules.ts`, and no two locations of models and sources are the
 * same or nested, on the local disk or on S3. A mistake is a StrataError naming the
 * model's file and the fix.
 */
import path from 'node:path';
import type { Dialect, TargetConfig } from '../adapters/contract.js';
import { displayPath } from '../config/display-path.js';
import { localLocationKey, overlaps, s3LocationKey, type LocationKey } from '../config/location-keys.js';
import type { ProjectConfig } from '../config/types.js';
import { StrataError, type SourceLocation } from '../errors/strata-error.js';
import type { Manifest, ModelNode } from '../manifest/types.js';
import { checkModelLocation } from './lake-location-rules.js';
import { lineOf } from './parse-context.js';

/** Materializations that write their rows at `location`; others ignore it. */
const WRITES_LOCATION = new Set(['table', 'incremental']);

/** A location some model or source owns. */
interface Claim {
  key: LocationKey;
  /** e.g. `model 'orders' (models/orders.sql)` */
  owner: string;
  shown: string;
}

/** Throw a StrataError for the first model whose `location` is unsafe or taken. */
export function validateLocations(
  manifest: Manifest,
  project: ProjectConfig,
  target: TargetConfig,
  dialect: Dialect,
): void {
  const claims: Claim[] = [];
  for (const source of manifest.sources.values()) {
    const location = source.external?.location;
    const key = location === undefined ? undefined : sourceKey(location, project.rootDir);
    if (location === undefined || key === undefined) continue;
    const file = source.origin.line === undefined ? source.origin.file : `${source.origin.file}:${source.origin.line}`;
    claims.push({ key, owner: `source('${source.sourceName}', '${source.tableName}') (${file})`, shown: location });
  }
  for (const node of manifest.nodes.values()) {
    if (node.resourceType !== 'model' || node.config.location === undefined) continue;
    if (!WRITES_LOCATION.has(node.config.materialized)) continue;
    const location = node.config.location;
    const verdict = checkModelLocation(location, { project, target, dialect });
    if ('problem' in verdict)
      throw unsafeLocation(
        node,
        project,
        `has location '${location}', which ${verdict.problem}`,
        undefined,
        verdict.fix,
      );
    const taken = claims.find((claim) => overlaps(claim.key, verdict.key));
    if (taken)
      throw unsafeLocation(
        node,
        project,
        `has location '${location}', which ${relation(verdict.key, taken.key)} ` +
          `the location of ${taken.owner}: '${taken.shown}'`,
        taken,
      );
    claims.push({ key: verdict.key, owner: `model '${node.name}' (${node.origin.file})`, shown: location });
  }
}

function sourceKey(location: string, rootDir: string): LocationKey | undefined {
  if (location.startsWith('s3://')) return s3LocationKey(location);
  return localLocationKey(path.resolve(rootDir, location));
}

function relation(key: LocationKey, other: LocationKey): string {
  if (key === other) return 'is also';
  return key.startsWith(other) ? 'lies inside' : 'holds';
}

function unsafeLocation(
  node: ModelNode,
  project: ProjectConfig,
  problem: string,
  taken?: Claim,
  fix?: string,
): StrataError {
  const example = `${project.lakePath}/${node.name}`;
  const lakeRoot = displayPath(path.resolve(project.rootDir, project.lakePath), project.rootDir);
  const hint = fix
    ? fix.replace(/<model>/g, node.name)
    : taken
      ? 'Every lake table needs a folder of its own that no other model or source uses: ' +
        `give one of them another location, e.g. '${example}'${whereSet(node)}.`
      : `A lake table writes only into a folder of its own strictly below the lake root ${lakeRoot}/ ` +
        `("lake-path" in project.yml): set location to e.g. '${example}'${whereSet(node)}.`;
  return new StrataError(`Model '${node.name}' ${problem}`, { location: locationSetting(node), hint });
}

/** The model file, at the line of its `location=` when the file sets it. */
function locationSetting(node: ModelNode): SourceLocation {
  return { file: node.origin.file, line: lineOf(node.rawSql, /\blocation\s*=/) };
}

function whereSet(node: ModelNode): string {
  if (/\blocation\s*=/.test(node.rawSql)) return '';
  return node.patchPath
    ? ` (it is set in ${node.patchPath} or a +location in project.yml)`
    : ' (it is set by a +location in project.yml)';
}
