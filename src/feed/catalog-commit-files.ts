/**
 * The files holding the Bronze records of a set of commits, for an engine that reads the lake
 * through a catalog table (Athena, Trino's Hive connector): it lists the folder a partition's
 * catalog entry points at, which `strata lake compact` moves from the hour folder to a
 * generation's (`<hour>/_compacted/gNNNNNN/`) after committing it. Which folder that is when
 * the query runs is the catalog's business, so the batch names the files of both: the listed
 * files still in the lake and every committed generation of their folders, read filtered to
 * the commits' offset ranges. Whichever folder the engine
 * lists, it finds each record of the batch in exactly one file it reads (a generation holds a
 * record once, the hour folder's own files hold it once, and the engine lists one of them).
 */
import {
  COMPACTED_FOLDER,
  MANIFEST_FILE,
  generationNumber,
  landedFileIsLive,
} from '../compacted-lake/compacted-layout.js';
import { parseManifest, type GenerationManifest } from '../compacted-lake/compacted-layout.js';
import { CommitFileMissingError, offsetRanges, type CommitFiles } from './commit-files.js';
import type { CommitRecord } from './commit-record.js';
import type { FeedStore } from './feed-store.js';

/** What `resolveCatalogCommitFiles` found in a folder: its file names and its committed generations. */
interface FolderFiles {
  names: Set<string>;
  generations: Array<{ manifest: GenerationManifest; files: string[] }>;
}

/**
 * The files of `commits` (of one topic), as URIs under the lake root `store.url`, read with
 * one listing per folder they land in (and per generation of a compacted one).
 */
export async function resolveCatalogCommitFiles(
  store: FeedStore,
  commits: readonly CommitRecord[],
): Promise<CommitFiles> {
  const root = store.url.replace(/\/+$/, '');
  const folders = new Map<string, Promise<FolderFiles>>();
  const files = new Set<string>();
  for (const commit of commits) {
    for (const listed of commit.files) {
      if (listed.rejected) continue;
      const slash = listed.path.lastIndexOf('/');
      const [folder, name] = [listed.path.slice(0, slash), listed.path.slice(slash + 1)];
      if (!folders.has(folder)) folders.set(folder, listFolder(store, folder));
      const found = await folders.get(folder)!;
      const holding = found.generations.filter((generation) => !landedFileIsLive(name, generation.manifest));
      for (const generation of found.generations) {
        for (const file of generation.files) files.add(`${root}/${file}`);
      }
      if (found.names.has(name)) files.add(`${root}/${listed.path}`);
      else if (holding.length === 0) throw new CommitFileMissingError(commit.id, `${root}/${listed.path}`);
    }
  }
  // The ranges filter is needed once a generation is read. Without one it costs a predicate on two
  // columns, and lets a batch naming too many files be read by its offsets alone (compile/feed-read.ts).
  return { files: [...files].sort(), ranges: offsetRanges(commits) };
}

async function listFolder(store: FeedStore, folder: string): Promise<FolderFiles> {
  const names = new Set(await store.list(folder));
  const generations: FolderFiles['generations'] = [];
  if (!names.has(COMPACTED_FOLDER)) return { names, generations };
  const compacted = `${folder}/${COMPACTED_FOLDER}`;
  for (const generation of await store.list(compacted)) {
    if (generationNumber(generation) === undefined) continue;
    const inside = `${compacted}/${generation}`;
    const entries = await store.list(inside);
    if (!entries.includes(MANIFEST_FILE)) continue; // not committed: no reader lists it
    const manifest = parseManifest(await store.read(`${inside}/${MANIFEST_FILE}`), `${store.url}/${inside}`);
    generations.push({ manifest, files: manifest.files.map((file) => `${inside}/${file.name}`) });
  }
  return { names, generations };
}
