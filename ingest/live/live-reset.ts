/**
 * The live example starts from nothing: the shop's topics deleted and created afresh (so
 * the new consumer group reads exactly this run's events) and the lake emptied (so Bronze
 * holds exactly what this run's ingester lands).
 */
import { rmSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { TOPICS } from '../generator/event-types.js';

const PARTITIONS = 3;
const WAIT_MS = 30_000;

/** The Kafka topic names of the shop's topics under `prefix`. */
export function liveTopics(prefix: string): string[] {
  return TOPICS.map((topic) => `${prefix}${topic}`);
}

/** Delete the topics if they exist and create them empty, with the generator's partitions and no retention limit. */
export async function resetTopics(brokers: string[], topics: string[]): Promise<void> {
  const admin = new Kafka({ clientId: 'strata-live', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = (await admin.listTopics()).filter((topic) => topics.includes(topic));
    if (existing.length > 0) {
      await admin.deleteTopics({ topics: existing, timeout: WAIT_MS });
      const deadline = Date.now() + WAIT_MS;
      while ((await admin.listTopics()).some((topic) => existing.includes(topic))) {
        if (Date.now() > deadline) throw new Error(`topics ${existing.join(', ')} were not deleted in 30 s`);
        await new Promise((done) => setTimeout(done, 200));
      }
    }
    const brokerCount = (await admin.describeCluster()).brokers.length;
    // a topic just deleted may be refused for a moment while the brokers forget it
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      try {
        await admin.createTopics({
          topics: topics.map((topic) => ({
            topic,
            numPartitions: PARTITIONS,
            replicationFactor: Math.min(3, brokerCount),
            configEntries: [{ name: 'retention.ms', value: '-1' }],
          })),
          waitForLeaders: true,
          timeout: WAIT_MS,
        });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((done) => setTimeout(done, 500));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

/** Remove the lake folder (Bronze, rejected records, the commit feed). */
export function emptyLake(lake: string): void {
  rmSync(lake, { recursive: true, force: true });
}

/** Delete the topics (those that exist). */
export async function deleteTopics(brokers: string[], topics: string[]): Promise<void> {
  const admin = new Kafka({ clientId: 'strata-live', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = (await admin.listTopics()).filter((topic) => topics.includes(topic));
    if (existing.length > 0) await admin.deleteTopics({ topics: existing, timeout: WAIT_MS });
  } finally {
    await admin.disconnect();
  }
}
