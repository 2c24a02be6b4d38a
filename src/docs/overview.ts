import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocsResourceType } from './site-data.js';

/** Where a project keeps the Markdown of its docs front page. */
export const OVERVIEW_FILE = 'docs/overview.md';

/** The project's own overview Markdown, if it has `docs/overview.md`. */
export function readOverviewMarkdown(projectRoot: string): string | undefined {
  try {
    return readFileSync(join(projectRoot, OVERVIEW_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A short front page for projects without one. */
export function defaultOverviewMarkdown(
  projectName: string,
  counts: Record<DocsResourceType, number>,
  adapterType: string,
): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return [
    `# ${projectName}`,
    '',
    `This project has ${plural(counts.model, 'model')}, ${plural(counts.seed, 'seed')}, ` +
      `${plural(counts.source, 'source')} and ${plural(counts.test, 'data test')}, built on ${adapterType}.`,
    '',
    'Pick a node in the list or open the lineage graph to see how data flows from sources to the models that use it.',
    '',
    `_Write \`${OVERVIEW_FILE}\` in the project to replace this page._`,
  ].join('\n');
}
