/**
 * Which sources the commit feed feeds: a source table whose `external` location is a
 * topic's folder of a lake (`<lake>/<topic>`, as the ingester writes it; a local folder or
 * `s3://bucket/prefix/<topic>`) follows the commits of that topic, recorded under
 * `<lake>/.strata-feed/<topic>/`.
 */
import { basename, dirname, resolve } from 'node:path';
import { StrataError } from '../errors/strata-error.js';
import type { Session } from '../execution/session.js';
import type { SourceNode } from '../manifest/types.js';

/** The feed of one lake root and the sources its topics feed. */
export interface FeedLake {
  /** absolute path of the lake root, or its `s3://bucket/prefix` */
  root: string;
  /** topic -> unique ids of the sources reading its folder */
  sources: Map<string, string[]>;
}

/** The local lake root and topic a source reads, when its `external` location is a local topic folder. */
export function lakeTopicOf(session: Session, source: SourceNode): { root: string; topic: string } | undefined {
  const location = source.external?.location;
  if (location === undefined || /^[a-z0-9]+:\/\//i.test(location)) return undefined;
  const folder = resolve(session.project.rootDir, location);
  return { root: dirname(folder), topic: basename(folder) };
}

/**
 * The lake root and topic a source reads, local or on S3: `s3://bucket/prefix/<topic>` (a
 * trailing slash allowed) is the topic folder the ingester writes under `s3://bucket/prefix`.
 */
export function feedTopicOf(session: Session, source: SourceNode): { root: string; topic: string } | undefined {
  const location = source.external?.location?.trim();
  const s3 = location === undefined ? undefined : /^(s3:\/\/[^/]+(?:\/[^/]+)*)\/([^/]+)\/*$/.exec(location);
  if (s3) return { root: s3[1]!, topic: s3[2]! };
  return lakeTopicOf(session, source);
}

/** The lakes read by the sources among `sourceIds` (other ids are ignored). */
export function feedLakes(session: Session, sourceIds: Iterable<string>): FeedLake[] {
  const lakes = new Map<string, FeedLake>();
  for (const id of sourceIds) {
    const source = session.parsed.manifest.sources.get(id);
    const fed = source && feedTopicOf(session, source);
    if (!fed) continue;
    const { root, topic } = fed;
    const lake = lakes.get(root) ?? { root, sources: new Map<string, string[]>() };
    lake.sources.set(topic, [...(lake.sources.get(topic) ?? []), id]);
    lakes.set(root, lake);
  }
  if (lakes.size === 0) {
    throw new StrataError(
      '--watch follows the commit feed of a lake, and no source upstream of the selection ' +
        'reads one: give the Bronze sources an `external: { location: <lake>/<topic> }` ' +
        '(a local folder or s3://bucket/prefix/<topic>)',
      {
        hint:
          'Turn the feed on in the ingest config (`commit_feed: true`) and select models ' +
          'downstream of those sources, e.g. --select source:bronze+',
      },
    );
  }
  return [...lakes.values()];
}
