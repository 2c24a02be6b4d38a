import { CreateBucketCommand, GetObjectCommand, S3Client, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { awsClientConfig } from '../../services/aws/aws-service.js';
import { describeWithService, requireService } from '../../services/lifecycle/integration.js';
import {
  IngesterProcess,
  assignedPartitions,
  committedCount,
  produce,
  sleep,
  waitUntil,
  writeIngestConfig,
  type IngestSetup,
  type LogLine,
} from '../../support/ingest-harness.js';
import { countIds, idEvent } from './ingest-ids.js';
import { useKafkaSuite } from './kafka-suite.js';

const EVENTS = 36_000;
const PARTITIONS = 4;
/** The broker's smallest session timeout: a stall of twice that loses the member its partitions. */
const SESSION_MS = 6_000;
const STALL_MS = 2 * SESSION_MS + 3_000;
/** Preloaded into the stalling ingester; see the file. */
const STALL_STORAGE = fileURLToPath(new URL('./stall-storage.mjs', import.meta.url));

const isJoin = (line: LogLine): boolean => line.msg === 'joined the consumer group';
const isStallReport = (line: LogLine): boolean =>
  line.level === 'error' && String(line.msg).startsWith('this instance stalled past its session');

/**
 * Two instances share a topic's partitions while records keep arriving; one of them
 * stalls (its storage, or the whole process) for longer than the session timeout, so the
 * group gives its partitions to the other, which writes and commits the same files from
 * the same offsets. When the stalled one wakes up it must not replace any of them.
 * Each scenario has its own topic, group and lake, so the three run at once: they spend
 * their time waiting out the stall and the session timeout, not working.
 */
describeWithService(
  'kafka',
  'strata ingest: a writer that stalls past its session loses and duplicates nothing',
  (service) => {
    const kafkaSuite = useKafkaSuite(service);
    const { broker, admin, producer, run } = kafkaSuite;

    interface Scenario {
      name: string;
      setup?: Partial<IngestSetup>;
      /** the environment of the instance that will stall */
      env: Record<string, string>;
      /** what happens to it, once both instances share the partitions */
      disturb: (stalling: IngesterProcess, steady: IngesterProcess) => Promise<void>;
    }

    /** Runs the scenario to the end, every offset committed; returns the two instances and the group. */
    async function play(
      scenario: Scenario,
    ): Promise<{ stalling: IngesterProcess; steady: IngesterProcess; lake: string }> {
      const topic = `stall-${scenario.name}-${run}`;
      const groupId = topic;
      await kafkaSuite.createTopic(topic, PARTITIONS);
      // Files rotate by age: flushes from the same offset end at different offsets on the two
      // instances, so a file replaced by the stalled one's would lose or repeat records.
      const setup = writeIngestConfig({
        broker,
        groupId,
        topics: [{ name: topic }],
        rotation: { maxRecords: 100_000, maxSeconds: 1 },
        sessionTimeoutMs: SESSION_MS,
        ...scenario.setup,
      });
      // Records arrive all along, so the member that takes the partitions over writes files
      // from the very offsets the stalled flush started at.
      const chunk = 1_000;
      let produced = 0;
      const producing = (async () => {
        for (let start = 0; start < EVENTS; start += chunk) {
          await produce(producer, topic, chunk, (index) => idEvent(start + index, EVENTS), chunk);
          produced = start + chunk;
          await sleep(300);
        }
      })();
      const steady = await IngesterProcess.start(setup.config, { env: scenario.setup?.s3 ? s3Env : {} });
      const stalling = await IngesterProcess.start(setup.config, {
        env: { ...(scenario.setup?.s3 ? s3Env : {}), ...scenario.env },
      });
      await steady.waitForLog((line) => isJoin(line) && assignedPartitions(line) === PARTITIONS / 2, 30_000);
      await scenario.disturb(stalling, steady);
      await producing;
      expect(produced).toBe(EVENTS);
      await waitUntil(
        async () => (await committedCount(admin, groupId, topic)) === EVENTS,
        90_000,
        'every offset to be committed',
      );
      for (const ingester of [stalling, steady]) ingester.kill('SIGTERM');
      for (const ingester of [stalling, steady]) expect((await ingester.exited).code, ingester.describe()).toBe(0);
      return { stalling, steady, lake: setup.lake };
    }

    /** The stalled instance's write was held past the session timeout, and the other took every partition meanwhile. */
    async function stallPastTheSession(stalling: IngesterProcess, steady: IngesterProcess): Promise<void> {
      await waitUntil(() => stalling.stderr.includes('held for'), 30_000, 'the stall to begin');
      const joinsBefore = steady.logs.filter(isJoin).length;
      await steady.waitForLog(
        (line) =>
          isJoin(line) &&
          assignedPartitions(line) === PARTITIONS &&
          steady.logs.filter(isJoin).indexOf(line) >= joinsBefore,
        STALL_MS,
      );
      expect(stalling.stderr).not.toContain('released');
      await waitUntil(() => stalling.stderr.includes('released'), STALL_MS, 'the stall to end');
    }

    function expectEachIdOnce(counts: Uint32Array | Map<number, number>, lines: number): void {
      expect(lines).toBe(EVENTS);
      const wrong: Array<[number, number]> = [];
      for (let id = 0; id < EVENTS && wrong.length < 10; id += 1) {
        const count = (counts instanceof Map ? counts.get(id) : counts[id]) ?? 0;
        if (count !== 1) wrong.push([id, count]);
      }
      expect(wrong).toEqual([]);
    }

    it('when a file fsync stalls past the session timeout', { timeout: 150_000, concurrent: true }, async () => {
      const { stalling, lake } = await play({
        name: 'fsync',
        env: {
          NODE_OPTIONS: `--import=${STALL_STORAGE}`,
          STRATA_TEST_STALL_AT: '4',
          STRATA_TEST_STALL_MS: String(STALL_MS),
        },
        disturb: stallPastTheSession,
      });
      // The stalled instance said, at error level, what it dropped.
      const report = stalling.logs.find(isStallReport);
      expect(report, stalling.describe()).toBeDefined();
      expect(Number(report?.records)).toBeGreaterThan(0);
      expect(Number(report?.commit_offset)).toBeGreaterThan(Number(report?.first_offset));
      expect(
        [
          ...(report?.files_written as string[]),
          ...(report?.files_found as Array<{ path: string }>).map((file) => file.path),
        ].length,
      ).toBeGreaterThan(0);
      const { counts, lines, leftovers } = countIds(lake);
      expectEachIdOnce(counts, lines);
      expect(leftovers).toBe(0);
    });

    it(
      'when the whole process is paused (SIGSTOP) in the middle of a write, past the session timeout',
      { timeout: 150_000, concurrent: true },
      async () => {
        const { stalling, lake } = await play({
          name: 'sigstop',
          // The instance stops itself at its 4th write, between the fsync and the link.
          env: { NODE_OPTIONS: `--import=${STALL_STORAGE}`, STRATA_TEST_STOP_AT: '4' },
          disturb: async (paused, steady) => {
            await waitUntil(() => paused.stderr.includes('stops the process'), 30_000, 'the process to stop');
            const joinsBefore = steady.logs.filter(isJoin).length;
            try {
              await steady.waitForLog(
                (line) =>
                  isJoin(line) &&
                  assignedPartitions(line) === PARTITIONS &&
                  steady.logs.filter(isJoin).indexOf(line) >= joinsBefore,
                3 * SESSION_MS,
              );
              // The new owner writes and commits for a while before the paused one wakes up.
              await sleep(3_000);
              expect(paused.stderr).not.toContain('continued');
            } finally {
              paused.kill('SIGCONT');
            }
            await paused.waitForLog(isStallReport, 30_000);
          },
        });
        expect(stalling.stderr).toContain('continued');
        const { counts, lines } = countIds(lake);
        expectEachIdOnce(counts, lines);
      },
    );

    const aws = requireService('aws');
    const s3Env: Record<string, string> = aws
      ? {
          AWS_ACCESS_KEY_ID: awsClientConfig(aws).credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: awsClientConfig(aws).credentials.secretAccessKey,
        }
      : {};
    it.skipIf(!aws)(
      'when an S3 upload stalls past the session timeout',
      { timeout: 150_000, concurrent: true },
      async () => {
        const config = awsClientConfig(aws as NonNullable<typeof aws>);
        const s3 = new S3Client(config);
        const bucket = `strata-stall-${run}`;
        await s3.send(new CreateBucketCommand({ Bucket: bucket }));
        try {
          const { stalling } = await play({
            name: 's3',
            setup: { destination: `s3://${bucket}/bronze`, s3: { endpoint: config.endpoint, region: config.region } },
            env: {
              NODE_OPTIONS: `--import=${STALL_STORAGE}`,
              STRATA_TEST_STALL_TARGET: 's3',
              STRATA_TEST_STALL_AT: '4',
              STRATA_TEST_STALL_MS: String(STALL_MS),
            },
            disturb: stallPastTheSession,
          });
          expect(stalling.logs.find(isStallReport), stalling.describe()).toBeDefined();
          const counts = new Map<number, number>();
          let lines = 0;
          for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: 'bronze/' })) {
            for (const object of page.Contents ?? []) {
              const body = await (
                await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }))
              ).Body?.transformToByteArray();
              for (const line of gunzipSync(Buffer.from(body as Uint8Array))
                .toString()
                .split('\n')
                .filter(Boolean)) {
                const id = (JSON.parse((JSON.parse(line) as { payload: string }).payload) as { id: number }).id;
                counts.set(id, (counts.get(id) ?? 0) + 1);
                lines += 1;
              }
            }
          }
          expectEachIdOnce(counts, lines);
        } finally {
          s3.destroy();
        }
      },
    );
  },
);
