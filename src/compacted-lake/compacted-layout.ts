/**
 * The layout `strata lake compact` gives a hive-partitioned lake table, shared by the
 * compactor (which writes it) and the readers (which resolve it). A partition folder
 * (`<table>/dt=.../hour=...`) keeps the ingester's files, named by their first offset,
 * and gains generations of compacted files:
 *
 *     <table>/_strata_compaction.json                      the table has compacted partitions
 *     <table>/dt=D/hour=H/<topic>+<partition>+<first>.<ext>   landed by the ingester
 *     <table>/dt=D/hour=H/_compacted/g000002/part-00000.<ext>  a generation's files
 *     <table>/dt=D/hour=H/_compacted/g000002/_manifest.json    written last: the commit
 *
 * A generation exists for readers only once its manifest is in place; the current one is
 * the highest such. Its manifest names its files and, per Kafka partition, one past the
 * largest offset it holds (`bounds`): an ingester file of that Kafka partition whose first
 * offset is below the bound holds records the generation already has, so readers skip it.
 * See ingest/compaction/CONTEXT.md for why this is exactly once.
 */

/** The folder of generations inside a partition folder (Athena and Hive skip `_` names). */
export const COMPACTED_FOLDER = '_compacted';
/** The manifest of a generation, its commit point. */
export const MANIFEST_FILE = '_manifest.json';
/** Marks a table folder as having compacted partitions, so readers resolve them. */
export const TABLE_MARKER = '_strata_compaction.json';

/** What a generation's manifest records. */
export interface GenerationManifest {
  generation: number;
  /** when the generation was committed (ISO-8601), the start of its predecessors' retention */
  createdAt: string;
  format: 'jsonl.gz' | 'parquet';
  /** the generation's data files, in its folder */
  files: Array<{ name: string; records: number; bytes: number }>;
  /** per Kafka partition: one past the largest offset the generation holds */
  bounds: Record<string, number>;
  /** the files it was made from, relative to the partition folder */
  inputs: string[];
}

const GENERATION = /^g(\d{6,})$/;
const LANDED_FILE = /^.+\+(\d+)\+(\d+)\.(jsonl\.gz|parquet)$/;

/** `g000002` for generation 2. */
export function generationFolder(generation: number): string {
  return `g${String(generation).padStart(6, '0')}`;
}

/** The generation number of a folder name, or undefined when it is not one. */
export function generationNumber(folder: string): number | undefined {
  const match = GENERATION.exec(folder);
  return match ? Number(match[1]) : undefined;
}

/** The Kafka partition and first offset of an ingester file name, or undefined for another name. */
export function landedFile(name: string): { partition: number; firstOffset: number } | undefined {
  const match = LANDED_FILE.exec(name);
  return match ? { partition: Number(match[1]), firstOffset: Number(match[2]) } : undefined;
}

/**
 * True when readers of a partition whose current generation is `manifest` read the
 * ingester file `name`: always without a generation, else only when the generation does
 * not hold its records (a file landed later, or a name that is not the ingester's).
 */
export function landedFileIsLive(name: string, manifest: GenerationManifest | undefined): boolean {
  if (!manifest) return true;
  const landed = landedFile(name);
  if (!landed) return true;
  return landed.firstOffset >= (manifest.bounds[String(landed.partition)] ?? 0);
}

/** A manifest's JSON, checked enough that a damaged one is named rather than misread. */
export function parseManifest(text: string, where: string): GenerationManifest {
  const value = JSON.parse(text) as GenerationManifest;
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof value.generation !== 'number' ||
    !Array.isArray(value.files) ||
    typeof value.bounds !== 'object'
  ) {
    throw new Error(`${where} is not a compaction manifest`);
  }
  return value;
}
