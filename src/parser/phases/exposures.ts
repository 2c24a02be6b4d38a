import { optionalField } from '../../config/yaml-shape.js';
import { StrataError } from '../../errors/strata-error.js';
import type { ExposureNode } from '../../exposures/exposure-node.js';
import { parseInputCall } from '../../unit-tests/given-input.js';
import type { ManifestBuilder } from '../manifest-builder.js';
import { projectResourceConfig } from '../project-resource-config.js';
import type { ExposureDeclaration } from '../schema-exposures.js';

/**
 * Phase: the `exposures:` entries of each project's schema files become exposure nodes whose
 * `depends_on` calls are recorded as refs and sources; linking resolves them like a model's,
 * so an unknown name is the same error naming the file, line and closest name. Runs before
 * linking. `metric(...)` is accepted with a warning: Strata has no metrics. The project's
 * `exposures:` block configures them by folder and name: the entry's own config wins, its
 * tags add to the block's and its meta keys override the block's, as in dbt.
 */
export function addExposures(builder: ManifestBuilder): void {
  const { project } = builder.context;
  for (const schemaFile of builder.schemaFiles) {
    for (const entry of schemaFile.exposures ?? []) {
      const folders = yamlFolders(entry.file, project.modelPaths);
      const fromProject = projectResourceConfig(project, 'exposures', project.exposures, [...folders, entry.name]);
      if (!(entry.enabled ?? fromProject.enabled ?? true)) continue;
      const declared = {
        ...entry,
        tags: [...new Set([...fromProject.tags, ...entry.tags])],
        meta: { ...fromProject.meta, ...entry.meta },
      };
      const node = exposureNode(builder, declared);
      const exposures = (builder.manifest.exposures ??= new Map());
      const first = exposures.get(node.uniqueId);
      if (first) {
        throw new StrataError(`Exposure "${node.name}" is declared twice (first in ${first.origin.file})`, {
          location: node.origin,
          hint: 'Give each exposure its own name, or merge the two entries.',
        });
      }
      exposures.set(node.uniqueId, node);
    }
  }
}

function exposureNode(builder: ManifestBuilder, declared: ExposureDeclaration): ExposureNode {
  const { project } = builder.context;
  const node: ExposureNode = {
    uniqueId: `exposure.${project.name}.${declared.name}`,
    name: declared.name,
    resourceType: 'exposure',
    packageName: project.name,
    fqn: [project.name, ...yamlFolders(declared.file, project.modelPaths), declared.name],
    origin: {
      file: declared.file,
      line: declared.line,
      ...(project.packageRoot === undefined ? {} : { packageRoot: project.packageRoot }),
    },
    description: declared.description,
    tags: declared.tags,
    meta: declared.meta,
    ...(declared.label === undefined ? {} : { label: declared.label }),
    exposureType: declared.type,
    ...(declared.maturity === undefined ? {} : { maturity: declared.maturity }),
    ...(declared.url === undefined ? {} : { url: declared.url }),
    owner: declared.owner,
    refs: [],
    sources: [],
    dependsOn: [],
    config: { enabled: true, materialized: 'view', tags: declared.tags, extra: { meta: declared.meta } },
  };
  for (const { call, line } of declared.dependsOn) addDependency(builder, node, call, line);
  return node;
}

const METRIC = /^metric\(\s*(['"])([^'"]+)\1\s*\)$/;

function addDependency(builder: ManifestBuilder, node: ExposureNode, call: string, line: number): void {
  const location = { file: node.origin.file, line };
  if (METRIC.test(call)) {
    builder.warn(
      `${location.file}:${line}: exposure "${node.name}" depends on ${call}; Strata has no metrics, ` +
        'so this dependency is not recorded.',
    );
    return;
  }
  const parsed = parseInputCall(call);
  if (parsed?.kind === 'ref') node.refs.push({ name: parsed.name, ...optionalField('package', parsed.package) });
  else if (parsed?.kind === 'source') node.sources.push([parsed.sourceName, parsed.tableName]);
  else {
    throw new StrataError(`Exposure "${node.name}" depends on "${call}", which is not a ref or a source`, {
      location,
      hint: "Write each entry of depends_on as ref('model_name') or source('source_name', 'table_name').",
    });
  }
}

/** The folders of a YAML file below its model path, as dbt puts them in an exposure's fqn. */
function yamlFolders(file: string, modelPaths: string[]): string[] {
  // a package's model paths are already below its folder, as its files are
  const root = modelPaths.map((path) => path.replace(/\/+$/, '')).find((path) => file.startsWith(`${path}/`));
  const below = root === undefined ? file : file.slice(root.length + 1);
  return below.split('/').slice(0, -1);
}
