import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readArtifactJson } from '../artifacts/read-artifact-json.js';
import { StrataError } from '../errors/strata-error.js';
import { exposureFingerprint } from '../exposures/exposure-fingerprint.js';
import type { RelationName } from '../manifest/types.js';
import { stableJson } from './stable-json.js';

/** Where a source's files lived, reduced to what `state:modified` compares. */
export interface ExternalFingerprint {
  location: string;
  format: string;
  partitions: string[];
  fileGlob?: string;
}

/** What a previous run's manifest says about one node or source. */
export interface PreviousNode {
  resourceType?: string;
  /** sha256 of the raw SQL or CSV; absent for sources */
  checksum?: string;
  /** stableJson of the config as configToJson wrote it */
  configJson: string;
  description: string;
  /** sources only */
  external?: ExternalFingerprint;
  /** where the node was built (`database`, `schema`, `alias`), for `--defer` and `clone`; absent for ephemerals */
  relation?: RelationName;
}

/** A previous run's manifest (`--state DIR`), reduced to what `state:` selectors compare. */
export interface PreviousState {
  /** the manifest file read, for messages */
  manifestPath: string;
  /** the --state folder, where `result:` and `source_status:` read run_results.json and sources.json */
  stateDir?: string;
  /** this invocation's target folder, whose sources.json `source_status:` compares with the state's */
  currentTargetDir?: string;
  /** models, seeds, tests and sources keyed by unique id */
  nodes: Map<string, PreviousNode>;
}

/**
 * Reads `<stateDir>/manifest.json`, a dbt v12-shaped manifest as the artifacts writer
 * produces: `nodes` and `sources` keyed by unique id, each with `config`, `description`
 * and (nodes) `checksum: { name: 'sha256', checksum }` or (sources) `external`.
 *
 * @throws StrataError when the folder or manifest is missing, or the file is not such a manifest.
 */
export function loadPreviousState(stateDir: string, currentTargetDir?: string): PreviousState {
  const manifestPath = join(stateDir, 'manifest.json');
  const hint =
    `Run \`strata compile --target-path ${stateDir}\` on the previous version first, ` +
    'or point --state at a folder holding its manifest.json.';
  if (!existsSync(stateDir)) throw new StrataError(`The --state folder ${stateDir} does not exist`, { hint });
  if (!statSync(stateDir).isDirectory()) {
    const folder = stateDir.replace(/[/\\]manifest\.json$/, '');
    const fix = folder === stateDir ? hint : `Point --state at the folder holding it: --state ${folder}`;
    throw new StrataError(`--state ${stateDir} is a file; --state names the folder of a previous manifest.json`, {
      hint: fix,
    });
  }
  const json = readArtifactJson(manifestPath, `No manifest.json in the --state folder ${stateDir}`, hint);
  if (!isRecord(json) || !isRecord(json.nodes)) {
    throw new StrataError(`${manifestPath} is not a manifest: it has no "nodes" object`, {
      location: { file: manifestPath },
      hint,
    });
  }
  const nodes = new Map<string, PreviousNode>();
  for (const [id, node] of Object.entries(json.nodes)) nodes.set(id, readPreviousNode(node));
  if (isRecord(json.sources)) {
    for (const [id, source] of Object.entries(json.sources)) nodes.set(id, readPreviousNode(source));
  }
  if (isRecord(json.unit_tests)) {
    for (const [id, test] of Object.entries(json.unit_tests)) nodes.set(id, readPreviousNode(test));
  }
  if (isRecord(json.exposures)) {
    for (const [id, exposure] of Object.entries(json.exposures)) {
      if (isRecord(exposure)) nodes.set(id, { ...readPreviousNode(exposure), checksum: exposureFingerprint(exposure) });
    }
  }
  return { manifestPath, nodes, stateDir, currentTargetDir };
}

function readPreviousNode(value: unknown): PreviousNode {
  const node = isRecord(value) ? value : {};
  const checksum = isRecord(node.checksum) ? node.checksum.checksum : node.checksum;
  return {
    resourceType: typeof node.resource_type === 'string' ? node.resource_type : undefined,
    checksum: typeof checksum === 'string' ? checksum : undefined,
    configJson: stableJson(isRecord(node.config) ? node.config : {}),
    description: typeof node.description === 'string' ? node.description : '',
    external: readExternal(node.external),
    relation: readRelation(node),
  };
}

/** A built node's relation; none for an ephemeral model, which only exists inside its users' SQL. */
function readRelation(node: Record<string, unknown>): RelationName | undefined {
  const config = isRecord(node.config) ? node.config : {};
  if (config.materialized === 'ephemeral' || typeof node.schema !== 'string') return undefined;
  const identifier = typeof node.alias === 'string' ? node.alias : node.name;
  if (typeof identifier !== 'string') return undefined;
  const database = typeof node.database === 'string' ? node.database : undefined;
  return { ...(database === undefined ? {} : { database }), schema: node.schema, identifier };
}

/**
 * Tolerant of how the writer spells it, since dbt's own shape differs from ours: `format`
 * or `file_format`, partitions as names or as `{ name, data_type }`, `file_glob` or `fileGlob`.
 */
function readExternal(value: unknown): ExternalFingerprint | undefined {
  if (!isRecord(value) || typeof value.location !== 'string') return undefined;
  const format = value.format ?? value.file_format;
  const fileGlob = value.file_glob ?? value.fileGlob;
  const partitions = Array.isArray(value.partitions) ? value.partitions : [];
  return {
    location: value.location,
    format: typeof format === 'string' ? format : '',
    partitions: partitions.map((p) => (isRecord(p) ? String(p.name) : String(p))),
    fileGlob: typeof fileGlob === 'string' ? fileGlob : undefined,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
