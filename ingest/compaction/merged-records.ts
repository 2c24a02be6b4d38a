/**
 * The records of a generation: the lines of its inputs, in (Kafka partition, offset)
 * order, each exactly once. Two inputs holding the same record would mean the lake is not
 * what the ingester writes; the partition is then left alone, named, instead of guessed at.
 */

/** One Bronze line with the record it carries. */
export interface RecordLine {
  partition: number;
  offset: number;
  line: string;
  /** the columns of the Parquet file the line was read from (one object per file), to write it back alike */
  columns?: FileColumns;
}

/** A Parquet file's columns, in order: name and DuckDB type. */
export type FileColumns = ReadonlyArray<readonly [string, string]>;

/** Per Kafka partition: one past the largest offset (the manifest's `bounds`). */
export type Bounds = Record<string, number>;

/** Parse the lines of one input file (`where` names it in errors). */
export function recordLines(jsonLines: string, where: string, columns?: FileColumns): RecordLine[] {
  const lines: RecordLine[] = [];
  for (const line of jsonLines.split('\n')) {
    if (line === '') continue;
    const value = JSON.parse(line) as { partition?: unknown; offset?: unknown };
    if (!Number.isInteger(value.partition) || !Number.isInteger(value.offset)) {
      throw new Error(`${where} has a line without a partition and offset: ${line.slice(0, 200)}`);
    }
    const record = { partition: value.partition as number, offset: value.offset as number, line };
    lines.push(columns ? { ...record, columns } : record);
  }
  return lines;
}

/** All inputs' lines in order, refusing a record found twice; with the generation's bounds. */
export function mergeRecordLines(inputs: RecordLine[][]): { lines: RecordLine[]; bounds: Bounds } {
  const lines = inputs.flat().sort((a, b) => a.partition - b.partition || a.offset - b.offset);
  const bounds: Bounds = {};
  for (let index = 0; index < lines.length; index += 1) {
    const { partition, offset } = lines[index] as RecordLine;
    const previous = lines[index - 1];
    if (previous && previous.partition === partition && previous.offset === offset) {
      throw new Error(`record ${partition}/${offset} is in two of the files to compact`);
    }
    bounds[String(partition)] = offset + 1;
  }
  return { lines, bounds };
}

/**
 * Cut ordered lines into files of about `targetBytes` once compressed, estimating the
 * compressed size from the inputs' own ratio (`compressionRatio`, compressed / raw).
 */
export function cutIntoFiles(lines: RecordLine[], targetBytes: number, compressionRatio: number): RecordLine[][] {
  const rawTarget = targetBytes / Math.max(compressionRatio, 1e-6);
  const files: RecordLine[][] = [];
  let current: RecordLine[] = [];
  let size = 0;
  for (const line of lines) {
    if (current.length > 0 && size + line.line.length + 1 > rawTarget) {
      files.push(current);
      current = [];
      size = 0;
    }
    current.push(line);
    size += line.line.length + 1;
  }
  if (current.length > 0) files.push(current);
  return files;
}
