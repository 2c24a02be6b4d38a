import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compactionOptions } from '../../../../ingest/compaction/run-compact.js';
import { loadIngestConfig } from '../../../../ingest/config/load-ingest-config.js';
import { cleanup, tempLake } from './small-file-lake.js';

const made: string[] = [];
afterEach(() => cleanup(made));

function load(block: string) {
  const dir = tempLake(made);
  const file = join(dir, 'ingest.yml');
  writeFileSync(
    file,
    `brokers: 127.0.0.1:9092\ngroup_id: g\ntopics: [{ name: orders, table: bronze_orders }]\n` +
      `destination: { path: lake }\n${block}`,
  );
  return loadIngestConfig(file, { projectRoot: dir, env: {} });
}

describe('the compaction block of the ingest config', () => {
  it('sets lateness, target file size and retention; command-line flags win', () => {
    const config = load('compaction:\n  lateness: 2h\n  target_file_size: 64MiB\n  retention: 0\n');
    expect(compactionOptions(config, { configPath: '', cwd: '' })).toEqual({
      latenessMs: 7_200_000,
      targetFileBytes: 64 * 1024 * 1024,
      retentionMs: 0,
      gzipLevel: 6,
    });
    expect(compactionOptions(config, { configPath: '', cwd: '', lateness: '30m' }).latenessMs).toBe(1_800_000);
  });

  it('defaults without the block', () => {
    expect(compactionOptions(load(''), { configPath: '', cwd: '' })).toMatchObject({
      latenessMs: 3_600_000,
      targetFileBytes: 128 * 1024 * 1024,
      retentionMs: 3_600_000,
    });
  });

  it('names the line and key of a bad value', () => {
    const mistake = (block: string) => {
      try {
        load(block);
      } catch (error) {
        return error as { location?: { file: string; line: number }; message: string };
      }
      throw new Error('no error');
    };
    expect(mistake('compaction:\n  lateness: soon\n')).toMatchObject({
      location: { file: 'ingest.yml', line: 6 },
      message: expect.stringContaining('"compaction.lateness" must be a duration, got "soon"'),
    });
    expect(mistake('compaction:\n  max_files: 3\n')).toMatchObject({
      location: { file: 'ingest.yml', line: 6 },
      message: expect.stringContaining('Unknown key "max_files" in "compaction"'),
    });
  });
});
