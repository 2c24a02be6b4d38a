/**
 * Where a commit-fed model keeps its cursor on a warehouse whose tables are files plus a
 * catalog entry (Athena: Glue over S3), which has no transaction to write rows and a state
 * table together: in the model table's own catalog entry, as the table property
 * `strata_commit_cursor`. Every batch builds the table anew beside the old one and repoints
 * the entry at it with the new cursor in the same single catalog update, so the rows a
 * reader finds and the cursor are always of the same batch (CONTEXT.md "Exactly once").
 */
import type { TableCatalog } from '../adapters/table-catalog.js';
import type { RelationName } from '../manifest/types.js';
import type { FeedCursor } from './commit-feed-reader.js';

/** The table property holding the cursor. */
export const CURSOR_PROPERTY = 'strata_commit_cursor';

/** What the property holds: the model it is of (a table renamed to another model's name starts over). */
interface StoredCursor {
  model: string;
  cursor: Record<string, number>;
}

/** The property's value for `model` at `cursor`. */
export function cursorProperty(model: string, cursor: FeedCursor): string {
  const stored: StoredCursor = {
    model,
    cursor: Object.fromEntries([...cursor].sort(([a], [b]) => a.localeCompare(b))),
  };
  return JSON.stringify(stored);
}

/** The model's cursor as its table's entry holds it; empty when there is none (the next run builds in full). */
export async function catalogCursor(catalog: TableCatalog, relation: RelationName, model: string): Promise<FeedCursor> {
  const table = await catalog.getTable(relation);
  const text = table?.kind === 'table' ? table.properties?.[CURSOR_PROPERTY] : undefined;
  if (text === undefined) return new Map();
  try {
    const stored = JSON.parse(text) as Partial<StoredCursor>;
    if (stored.model !== model || typeof stored.cursor !== 'object' || stored.cursor === null) return new Map();
    return new Map(Object.entries(stored.cursor).map(([key, end]) => [key, Number(end)]));
  } catch {
    // written by hand: no cursor, so the model builds in full
    return new Map();
  }
}
