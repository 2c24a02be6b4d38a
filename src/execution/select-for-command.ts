import { resolve } from 'node:path';
import { closestMatch } from '../config/closest-match.js';
import { StrataError } from '../errors/strata-error.js';
import { selectBySelector } from '../graph/select-definition.js';
import { selectNodes } from '../graph/select.js';
import { loadSelectorsFile, SELECTORS_FILE, type NamedSelector } from '../graph/selectors-file.js';
import { loadPreviousState } from '../graph/state.js';
import type { ResourceType } from '../manifest/types.js';
import type { Reporter } from './reporter.js';
import type { Session } from './session.js';

/** `--select`, `--exclude`, `--selector` and `--state` as given. */
export interface SelectionRequest {
  select?: string[];
  exclude?: string[];
  /** a selector of selectors.yml */
  selector?: string;
  /** folder of a previous manifest.json */
  state?: string;
  /** exactly these nodes, instead of a selection (`strata retry`: what did not succeed last time) */
  uniqueIds?: ReadonlySet<string>;
}

/**
 * The nodes a command acts on: dbt's selection with eager indirect selection (tests of
 * selected nodes come along), kept to the command's resource types. `--selector` names a
 * selector of selectors.yml; without any selection flag, its `default: true` selector
 * applies, as in dbt.
 */
export function selectForCommand(
  session: Session,
  request: SelectionRequest,
  resourceTypes: ResourceType[],
  reporter?: Reporter,
): Set<string> {
  if (request.uniqueIds !== undefined) {
    const { nodes } = session.parsed.manifest;
    const types = new Set(resourceTypes);
    // a node gone from the project since is not retried
    return new Set(
      [...request.uniqueIds].filter((id) => {
        const type = nodes.get(id)?.resourceType;
        return type !== undefined && types.has(type);
      }),
    );
  }
  const targetDir = resolve(session.project.rootDir, session.project.targetPath);
  const state = request.state === undefined ? undefined : loadPreviousState(request.state, targetDir);
  const selectors = loadSelectorsFile(session.project.rootDir);
  const named = namedSelector(request, selectors?.selectors, selectors?.defaultSelector);
  const { manifest } = session.parsed;
  const { selected, warnings } =
    named && selectors
      ? selectBySelector(named.definition, { manifest, graph: session.graph, selectors, state }, resourceTypes)
      : selectNodes(manifest, session.graph, {
          select: request.select,
          exclude: request.exclude,
          state,
          resourceTypes,
          indirectSelection: 'eager',
        });
  if (named && request.selector === undefined) reporter?.info(`Using the default selector "${named.name}"`);
  for (const warning of warnings) reporter?.warning(warning);
  return selected;
}

/** The selector `--selector` names, else the default one when no selection flag is given. */
function namedSelector(
  request: SelectionRequest,
  selectors: Map<string, NamedSelector> | undefined,
  defaultSelector: NamedSelector | undefined,
): NamedSelector | undefined {
  const flags = (request.select?.length ?? 0) > 0 || (request.exclude?.length ?? 0) > 0;
  if (request.selector === undefined) return flags ? undefined : defaultSelector;
  // dbt ignores --select and --exclude next to --selector; refusing says so instead
  if (flags) {
    throw new StrataError('--selector cannot be combined with --select or --exclude', {
      hint: `Write the combination as a selector in ${SELECTORS_FILE} (a "union" or an "intersection" with "exclude").`,
    });
  }
  const named = selectors?.get(request.selector);
  if (named) return named;
  const match = selectors === undefined ? undefined : closestMatch(request.selector, selectors.keys());
  throw new StrataError(
    selectors === undefined
      ? `--selector ${request.selector}: the project has no ${SELECTORS_FILE}`
      : `--selector ${request.selector}: no selector of that name in ${SELECTORS_FILE}`,
    {
      hint: match
        ? `Did you mean "${match}"?`
        : `Selectors defined: ${[...(selectors?.keys() ?? [])].join(', ') || 'none'}.`,
    },
  );
}
