import { withStateEnv } from '../state-env.js';
import type { Command } from 'commander';
import { originalFilePath } from '../../artifacts/node-paths.js';
import { StrataError } from '../../errors/strata-error.js';
import { selectForCommand } from '../../execution/select-for-command.js';
import { loadSession } from '../../execution/session.js';
import { getNode, type ManifestNode, type ResourceType } from '../../manifest/types.js';
import {
  sessionOptions,
  withProjectOptions,
  withSelectionOptions,
  type ProjectOptions,
  type SelectionOptions,
} from '../common-options.js';
import { EXIT_SUCCESS } from '../exit-codes.js';

interface LsFlags extends ProjectOptions, SelectionOptions {
  resourceType?: string[];
  output: string;
}

const OUTPUTS = ['selector', 'name', 'path', 'json'];
const TYPES: ResourceType[] = ['model', 'seed', 'snapshot', 'source', 'test', 'analysis', 'unit_test', 'exposure'];

/** `strata ls`: print what a selection picks, one node per line. */
export function registerLsCommand(program: Command, setExitCode: (code: number) => void): void {
  withSelectionOptions(
    withProjectOptions(program.command('ls').alias('list').description('list the nodes a selection picks')),
  )
    .option('--resource-type <type...>', `only these types: ${TYPES.join(', ')}`)
    .option('--output <format>', `${OUTPUTS.join(' | ')}`, 'selector')
    .action((cliFlags: LsFlags) => {
      const flags = withStateEnv(cliFlags);
      if (!OUTPUTS.includes(flags.output))
        throw new StrataError(`Unknown --output '${flags.output}'`, { hint: `Use one of: ${OUTPUTS.join(', ')}.` });
      const types = (flags.resourceType ?? TYPES) as ResourceType[];
      const bad = types.find((type) => !TYPES.includes(type));
      if (bad) throw new StrataError(`Unknown --resource-type '${bad}'`, { hint: `Use one of: ${TYPES.join(', ')}.` });
      const session = loadSession(sessionOptions(flags));
      const selected = selectForCommand(session, flags, types);
      const nodes = [...selected]
        .map((id) => getNode(session.parsed.manifest, id)!)
        .sort((a, b) => (a.uniqueId < b.uniqueId ? -1 : 1));
      for (const node of nodes) process.stdout.write(`${formatNode(node, flags.output)}\n`);
      setExitCode(EXIT_SUCCESS);
    });
}

function formatNode(node: ManifestNode, output: string): string {
  switch (output) {
    case 'name':
      return node.name;
    case 'path':
      return originalFilePath(node);
    case 'json':
      return JSON.stringify({
        unique_id: node.uniqueId,
        name: node.name,
        resource_type: node.resourceType,
        original_file_path: originalFilePath(node),
        tags: node.tags,
      });
    default:
      // dbt names a unit test by its package and name
      if (node.resourceType === 'unit_test') return `unit_test:${node.packageName}.${node.name}`;
      if (node.resourceType === 'exposure') return `exposure:${node.packageName}.${node.name}`;
      return node.resourceType === 'source' ? `source:${node.fqn.join('.')}` : node.fqn.join('.');
  }
}
