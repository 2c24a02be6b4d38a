/**
 * Lands one file of a flush without ever replacing a file already in the lake. A file
 * named `<topic>+<partition>+<first>` that is already there holds exactly the records of
 * its bucket (Bronze or rejected, dt, hour) from `first` up to its last offset `L` (see
 * ../CONTEXT.md): those are landed data. The flush drops its own records up to `L` and
 * lands the rest under the name of the first one after `L`, where the same may happen
 * again. Either way the bucket's files never share a record.
 */
import type { Destination } from '../destination.js';
import type { EncodedFile, FileEncoder } from './file-encoder.js';
import { countLinesBetween, linesAfter } from './json-lines.js';

/** A file of the bucket's chain that a landing wrote or found, with the flush's records it holds. */
export interface ChainFile {
  path: string;
  /** the offset in its name: its first record */
  firstOffset: number;
  /** the flush's records the file holds (all of its records when the flush wrote it) */
  rows: number;
}

export interface Landing {
  /** paths this call put in place */
  written: string[];
  /** every file of the chain this call wrote or found, in offset order */
  chain: ChainFile[];
  bytes: number;
  /** files that were already in place, with their last offsets */
  found: Array<{ path: string; lastOffset: number }>;
  /** one past the last offset of landed data that held all the file's remaining records (0: none did) */
  landedEnd: number;
}

export interface LandingIo {
  destination: Destination;
  encoder: FileEncoder;
  /** runs before every write; throws to stop (the group moved on) */
  beforeWrite: () => void;
}

/**
 * Write `encoded` (`records` lines) at `path`, or the part of its records that is not in
 * the lake yet.
 */
export async function landFile(path: string, encoded: EncodedFile, records: number, io: LandingIo): Promise<Landing> {
  const landing: Landing = { written: [], chain: [], bytes: 0, found: [], landedEnd: 0 };
  let current = { path, body: encoded.body, rows: records };
  for (;;) {
    io.beforeWrite();
    const firstOffset = firstOffsetOf(current.path);
    if ((await io.destination.writeFile(current.path, current.body)) === 'written') {
      landing.written.push(current.path);
      landing.chain.push({ path: current.path, firstOffset, rows: current.rows });
      landing.bytes += current.body.length;
      return landing;
    }
    const lastOffset = await lastOffsetOf(current.path, io);
    landing.found.push({ path: current.path, lastOffset });
    const lines = await encoded.lines();
    landing.chain.push({ path: current.path, firstOffset, rows: countLinesBetween(lines, firstOffset, lastOffset) });
    const rest = linesAfter(lines, lastOffset);
    if (!rest) {
      landing.landedEnd = lastOffset + 1;
      return landing;
    }
    current = {
      path: withFirstOffset(path, rest.firstOffset),
      body: await io.encoder.encodeLines(path, rest.lines),
      rows: rest.count,
    };
  }
}

/** The last offset of a file found in the lake; one that cannot be read stops the partition, named. */
async function lastOffsetOf(path: string, io: LandingIo): Promise<number> {
  try {
    return await io.encoder.lastOffset(path, await io.destination.readFile(path));
  } catch (error) {
    throw new Error(
      `${path} is already in the lake but its last offset cannot be read (${(error as Error).message}); ` +
        'the ingester never writes such a file: move it aside to let the partition go on',
      { cause: error },
    );
  }
}

/** The first offset in a lake file's name `.../<topic>+<partition>+<first>.<ext>`. */
export function firstOffsetOf(path: string): number {
  const match = /\+(\d+)\.[a-z.]+$/.exec(path);
  if (!match) throw new Error(`not a lake file name: ${path}`);
  return Number(match[1]);
}

/** `.../<topic>+<partition>+<first>.<ext>` with another first offset (topic names hold no `+`). */
export function withFirstOffset(path: string, firstOffset: number): string {
  const match = /^(.*\+)\d+(\.[a-z.]+)$/.exec(path);
  if (!match) throw new Error(`not a lake file name: ${path}`);
  return `${match[1]}${firstOffset}${match[2]}`;
}
