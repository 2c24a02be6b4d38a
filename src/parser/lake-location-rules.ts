/**
 * The rules one lake location must pass on its own, before it is compared with the
 * others: a local folder lies strictly below the lake root (after `..` and symbolic
 * links), outside the ingester's areas; an S3 location is a prefix below a bucket, apart
 * from the target's own areas. Each rule gives the location's key or what is wrong.
 */
import path from 'node:path';
import { canWriteLocalLake, type Dialect, type TargetConfig } from '../adapters/contract.js';
import { displayPath } from '../config/display-path.js';
import { lakeRootDir } from '../config/lake-root.js';
import { parseS3Uri } from '../aws/s3-uri.js';
import { isBelow, localLocationKey, s3LocationKey, type LocationKey } from '../config/location-keys.js';
import type { ProjectConfig } from '../config/types.js';

/** The ingester's folder of rejected records, directly below the lake root. */
const REJECTED_AREA = 'rejected';

/**
 * The key of a location that passes, or what is wrong with it (`problem` follows
 * "which"; `fix`, when given, replaces the usual advice for local folders).
 */
export type LocationVerdict = { key: LocationKey } | { problem: string; fix?: string };

/** Everything the rules depend on besides the location itself. */
export interface LocationRulesContext {
  project: ProjectConfig;
  target: TargetConfig;
  dialect: Dialect;
}

/** Check a model's `location` (local folder or `s3://` prefix). */
export function checkModelLocation(location: string, context: LocationRulesContext): LocationVerdict {
  if (location.trim() === '') return { problem: 'is empty and would name the project folder itself' };
  if (location.trim().startsWith('s3://')) return checkS3Location(location.trim(), context);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location.trim()))
    return { problem: 'is a URL; a lake table is a local folder or an s3:// prefix' };
  return checkLocalLocation(location, context.project);
}

function checkLocalLocation(location: string, project: ProjectConfig): LocationVerdict {
  const root = lakeRootDir(project);
  const absolute = path.resolve(project.rootDir, location);
  const shown = displayPath(absolute, project.rootDir);
  const lakeRoot = `the lake root ${project.lakePath}/`;
  if (absolute === root) return { problem: `is ${lakeRoot} itself` };
  if (!isBelow(absolute + path.sep, root + path.sep)) return { problem: `resolves to ${shown}, outside ${lakeRoot}` };
  const key = localLocationKey(absolute);
  const realRoot = localLocationKey(root);
  if (!isBelow(key, realRoot))
    return { problem: `leads through a symbolic link to ${key.slice(0, -1)}, outside ${lakeRoot}` };
  const parts = path.relative(root, absolute).split(path.sep);
  if (parts[0] === REJECTED_AREA)
    return { problem: `is inside ${project.lakePath}/${REJECTED_AREA}/, where the ingester writes rejected records` };
  if (/^[_.]/.test(parts[0]!))
    return {
      problem:
        `is inside ${project.lakePath}/${parts[0]}/: folders starting with "_" or "." ` +
        "are kept for the lake's own files (the ingester's temporary files are in .strata-tmp/)",
    };
  if (parts.some((part) => part.includes('__strata_')))
    return { problem: 'uses "__strata_", kept for the folders Strata builds beside a lake table' };
  return { key };
}

function checkS3Location(location: string, { project, target, dialect }: LocationRulesContext): LocationVerdict {
  const parsed = parseS3Uri(location);
  const fix =
    `An s3:// location is a prefix of the model's own inside a bucket, ` +
    `e.g. 's3://${parsed?.bucket ?? 'bucket'}/lake/<model>/', apart from the target's own s3_*_dir prefixes.`;
  if (!parsed) return { problem: 'is not an s3://bucket/prefix/ URI', fix };
  if (parsed.prefix === '') return { problem: `is the whole bucket ${parsed.bucket}`, fix };
  if (
    parsed.prefix
      .slice(0, -1)
      .split('/')
      .some((part) => part === '' || part === '.' || part === '..')
  ) {
    return { problem: 'has an empty, "." or ".." part', fix };
  }
  if (canWriteLocalLake(dialect)) {
    return {
      problem: `is on S3, but ${dialect.name} writes lake tables into the local lake`,
      fix:
        `Use a folder below ${project.lakePath}/ on ${dialect.name}, ` +
        `e.g. location=('${location}' if target.type == 'athena' else '${project.lakePath}/<model>').`,
    };
  }
  const key = s3LocationKey(location)!;
  for (const [setting, value] of Object.entries(target.settings)) {
    const area = typeof value === 'string' ? s3LocationKey(value) : undefined;
    if (area !== undefined && area.startsWith(key))
      return { problem: `holds ${setting} of target '${target.name}' (${value})`, fix };
  }
  return { key };
}
