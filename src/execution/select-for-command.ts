import { selectNodes } from '../graph/select.js';
import { loadPreviousState } from '../graph/state.js';
import type { ResourceType } from '../manifest/types.js';
import type { Reporter } from './reporter.js';
import type { Session } from './session.js';

/** `--select`, `--exclude` and `--state` as given. */
export interface SelectionRequest {
  select?: string[];
  exclude?: string[];
  /** folder of a previous manifest.json */
  state?: string;
}

/**
 * The nodes a command acts on: dbt's selection with eager indirect selection (tests of
 * selected nodes come along), kept to the command's resource types.
 */
export function selectForCommand(
  session: Session,
  request: SelectionRequest,
  resourceTypes: ResourceType[],
  reporter?: Reporter,
): Set<string> {
  const { selected, warnings } = selectNodes(session.parsed.manifest, session.graph, {
    select: request.select,
    exclude: request.exclude,
    state: request.state === undefined ? undefined : loadPreviousState(request.state),
    resourceTypes,
    indirectSelection: 'eager',
  });
  for (const warning of warnings) reporter?.warning(warning);
  return selected;
}
