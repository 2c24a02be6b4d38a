import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { closestMatch } from '../config/closest-match.js';
import { formatLocation, StrataError } from '../errors/strata-error.js';
import type {
  AnalysisNode,
  ExposureNode,
  Manifest,
  ModelNode,
  RefCall,
  SnapshotNode,
  TestNode,
} from '../manifest/types.js';

/** A node whose SQL (or, for an exposure, `depends_on`) may call ref() and source(). */
type ReadingNode = ModelNode | TestNode | AnalysisNode | SnapshotNode | ExposureNode;
import { findSource, sourceNames } from '../manifest/source-index.js';
import type { DisabledNode } from './disabled-nodes.js';
import { lineOf } from './parse-context.js';

/**
 * Resolve every `ref()` and `source()` to a unique id, fill `dependsOn`, the parent
 * and child maps, and attach generic tests to the node they are declared on.
 * An unknown name is a user error that names the file, the line and the closest name.
 * `pythonModels` (name -> file) are the Python model files, which a ref cannot reach.
 */
export function linkManifest(
  manifest: Manifest,
  projectRoot: string,
  disabled: ReadonlyMap<string, DisabledNode> = new Map(),
  pythonModels: ReadonlyMap<string, string> = new Map(),
): void {
  const exposures = [...(manifest.exposures?.values() ?? [])];
  for (const node of [...manifest.nodes.values(), ...exposures]) {
    // a unit test's one parent, its model, is resolved by its own phase
    if (node.resourceType === 'seed' || node.resourceType === 'unit_test') continue;
    const parents: string[] = [];
    for (const ref of node.refs)
      parents.push(resolveRef(manifest, node, ref, projectRoot, disabled.get(ref.name), pythonModels));
    for (const [sourceName, tableName] of node.sources)
      parents.push(resolveSource(manifest, node, sourceName, tableName, projectRoot));
    node.dependsOn = [...new Set(parents)];
    if (node.resourceType === 'test' && node.testMetadata) {
      // the tested node comes first among its kind: a source test may also ref models (`to: ref(...)`)
      const onSource = String(node.testMetadata.kwargs.model).includes('(source(');
      node.attachedNode = parents[onSource ? node.refs.length : 0];
    }
  }
  const parentMap = new Map<string, string[]>();
  const childMap = new Map<string, string[]>();
  for (const id of [...manifest.nodes.keys(), ...manifest.sources.keys(), ...exposures.map((e) => e.uniqueId)]) {
    childMap.set(id, []);
  }
  for (const node of [...manifest.nodes.values(), ...exposures]) {
    parentMap.set(node.uniqueId, node.dependsOn);
    for (const parent of node.dependsOn) childMap.get(parent)!.push(node.uniqueId);
  }
  for (const id of manifest.sources.keys()) parentMap.set(id, []);
  manifest.parentMap = parentMap;
  manifest.childMap = childMap;
}

function resolveRef(
  manifest: Manifest,
  node: ReadingNode,
  ref: RefCall,
  projectRoot: string,
  disabled: DisabledNode | undefined,
  pythonModels: ReadonlyMap<string, string>,
): string {
  const { name } = ref;
  const id = manifest.refIndex.get(name);
  const found = id === undefined ? undefined : manifest.nodes.get(id);
  if (id && (ref.package === undefined || found?.packageName === ref.package)) return id;
  const location = {
    file: node.origin.file,
    line: node.origin.line ?? lineIn(projectRoot, node.origin.file, refPattern(ref)),
  };
  if (found) {
    throw new StrataError(
      `${describe(node)} refers to ref('${ref.package}', '${name}'), but '${name}' is in the package ` +
        `'${found.packageName}'`,
      { location, hint: `Write ref('${found.packageName}', '${name}'), or ref('${name}').` },
    );
  }
  if (disabled) {
    throw new StrataError(
      `${describe(node)} refers to ${disabled.resourceType} '${name}' (${disabled.file}), which is disabled`,
      {
        location,
        hint:
          `It is disabled by enabled: false at ${formatLocation(disabled.disabledAt)}: ` +
          'enable it there, or remove this ref.',
      },
    );
  }
  const pythonFile = pythonModels.get(name);
  if (pythonFile !== undefined) {
    throw new StrataError(
      `${describe(node)} refers to '${name}', a Python model (${pythonFile}); Strata does not run Python models`,
      {
        location,
        hint: 'Rewrite it as a SQL model, or build that table outside Strata and declare it as a source.',
      },
    );
  }
  const suggestion = closestMatch(name, [...manifest.refIndex.keys()]);
  throw new StrataError(
    `${describe(node)} refers to '${name}', which is not a model, seed or snapshot in this project`,
    {
      location,
      hint: suggestion
        ? `Did you mean ref('${suggestion}')?`
        : 'Check the model name, or add the model under a model path.',
    },
  );
}

function resolveSource(
  manifest: Manifest,
  node: ReadingNode,
  sourceName: string,
  tableName: string,
  projectRoot: string,
): string {
  const id = findSource(manifest, node.packageName, sourceName, tableName);
  if (id) return id;
  const suggestion = closestMatch(`${sourceName}.${tableName}`, sourceNames(manifest));
  throw new StrataError(
    `${describe(node)} reads source('${sourceName}', '${tableName}'), which is not declared in any sources: YAML`,
    {
      location: {
        file: node.origin.file,
        line:
          node.origin.line ??
          lineIn(projectRoot, node.origin.file, new RegExp(`source\\(\\s*['"]${escape(sourceName)}['"]`)),
      },
      hint: suggestion
        ? `Did you mean source('${suggestion.replace('.', "', '")}')?`
        : `Declare it under sources: in a YAML file beside your models.`,
    },
  );
}

const KIND_LABELS = { model: 'Model', test: 'Test', analysis: 'Analysis', snapshot: 'Snapshot', exposure: 'Exposure' };

function describe(node: ReadingNode): string {
  return `${KIND_LABELS[node.resourceType]} '${node.name}'`;
}

function lineIn(projectRoot: string, file: string, pattern: RegExp): number | undefined {
  try {
    return lineOf(readFileSync(join(projectRoot, file), 'utf8'), pattern);
  } catch {
    return undefined;
  }
}

/** Where a ref is written: `ref('name'` or `ref('package', 'name'`. */
function refPattern(ref: RefCall): RegExp {
  const packagePart = ref.package === undefined ? '' : `['"]${escape(ref.package)}['"]\\s*,\\s*`;
  return new RegExp(`ref\\(\\s*${packagePart}['"]${escape(ref.name)}['"]`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
