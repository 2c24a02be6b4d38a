import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateBronzeSample, TOPICS, type GeneratorTally } from '../../../ingest/generator/index.js';
import { makeTempDir, readLake, removeDir, type LakeLine } from '../../support/lake-files.js';
import { isValidPayload } from './payload-rules.js';

type Json = Record<string, unknown>;

let lakeDir: string;
let tally: GeneratorTally;
let lines: LakeLine[];

beforeAll(async () => {
  lakeDir = await makeTempDir();
  tally = await generateBronzeSample({
    lakeDir,
    seed: 5,
    users: 300,
    days: 4,
    malformedShare: 0.03,
    duplicateShare: 0.03,
  });
  lines = (await readLake(lakeDir)).flatMap((file) => file.lines);
});

afterAll(async () => {
  await removeDir(lakeDir);
});

/** The lake read the way staging reads it: valid records de-duplicated by event id, first offset wins. */
function stage(): {
  valid: Array<{ topic: string; payload: Json; line: LakeLine }>;
  invalid: number;
  duplicates: number;
} {
  const byOffset = [...lines].sort(
    (a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition || a.offset - b.offset,
  );
  const seen = new Set<string>();
  const valid: Array<{ topic: string; payload: Json; line: LakeLine }> = [];
  let invalid = 0;
  let duplicates = 0;
  for (const line of byOffset) {
    const payload = JSON.parse(line.payload) as Json;
    if (!isValidPayload(line.topic, payload)) {
      invalid += 1;
      continue;
    }
    const key = `${line.topic}/${String(payload.event_id)}`;
    if (seen.has(key)) {
      duplicates += 1;
      continue;
    }
    seen.add(key);
    valid.push({ topic: line.topic, payload, line });
  }
  return { valid, invalid, duplicates };
}

describe('tally.json', () => {
  it('is written beside the lake and equals the returned tally', async () => {
    const written = JSON.parse(await readFile(join(lakeDir, '_generator', 'tally.json'), 'utf8')) as GeneratorTally;
    expect(written).toEqual(tally);
    expect(tally).toMatchObject({ seed: 5, startDate: '2026-01-05', days: 4, partitions: 3 });
  });

  it('counts every record written, by topic', () => {
    expect(tally.records.total).toBe(lines.length);
    for (const topic of TOPICS)
      expect(tally.records.byTopic[topic]).toBe(lines.filter((line) => line.topic === topic).length);
  });

  it('agrees with the files on malformed, duplicate and valid events', () => {
    const staged = stage();
    expect(tally.malformed.total).toBe(staged.invalid);
    expect(tally.duplicates.total).toBe(staged.duplicates);
    for (const topic of TOPICS) {
      const counts: Record<string, number> = {};
      for (const event of staged.valid.filter((v) => v.topic === topic)) {
        const type = String(event.payload.event_type);
        counts[type] = (counts[type] ?? 0) + 1;
      }
      expect(counts).toEqual(tally.events[topic]);
    }
    expect(tally.users).toBe(300);
    expect(staged.valid.filter((v) => v.topic === 'users').length).toBe(300);
  });

  it('agrees with the files on orders, payment outcomes and revenue', () => {
    const valid = stage().valid;
    const orders = valid.filter((v) => v.topic === 'orders').map((v) => v.payload);
    const payments = valid.filter((v) => v.topic === 'payments').map((v) => v.payload);
    const paidOrders = new Set(
      payments.filter((p) => p.event_type === 'payment_succeeded').map((p) => String(p.order_id)),
    );
    const attempted = new Set(payments.map((p) => String(p.order_id)));
    const paid = orders.filter((o) => paidOrders.has(String(o.order_id)));
    const revenueCents = paid.reduce((sum, o) => sum + Math.round(Number(o.total_amount) * 100), 0);

    expect(tally.orders.valid).toBe(orders.length);
    expect(tally.orders.paid).toBe(paid.length);
    expect(tally.orders.pending).toBe(orders.filter((o) => !attempted.has(String(o.order_id))).length);
    expect(tally.orders.paymentFailed).toBe(orders.length - paid.length - tally.orders.pending);
    expect(Math.round(tally.orders.revenue * 100)).toBe(revenueCents);
    expect(Math.round(tally.payments.amountSucceeded * 100)).toBe(revenueCents);
    const byDateCents = Object.values(tally.orders.byDate).reduce((sum, day) => sum + Math.round(day.revenue * 100), 0);
    expect(byDateCents).toBe(revenueCents);
    expect(tally.payments.attempts).toBe(payments.length);
    expect(tally.orders.items).toBe(orders.reduce((sum, o) => sum + (o.items as unknown[]).length, 0));
  });

  it('counts late events and records placed by Kafka time', () => {
    const valid = stage().valid;
    const late = valid.filter(
      (v) => Date.parse(v.line.kafka_timestamp) - Date.parse(String(v.payload.event_time)) >= 3_600_000,
    );
    expect(tally.late.total).toBe(late.length);
    expect(tally.partitionedByKafkaTime).toBe(lines.filter((line) => line.event_time_source === 'kafka').length);
  });

  it('gives a plausible shop: sessions, a funnel that narrows, and some failed payments', () => {
    const { sessions, payments, orders } = tally;
    expect(sessions.total).toBeGreaterThan(300);
    expect(sessions.withProductView).toBeLessThan(sessions.total);
    expect(sessions.withAddToCart).toBeLessThan(sessions.withProductView);
    expect(sessions.withCheckout).toBeLessThan(sessions.withAddToCart);
    expect(sessions.withOrder).toBeLessThanOrEqual(sessions.withCheckout);
    expect(sessions.withOrder).toBe(orders.valid);
    expect(payments.failed).toBeGreaterThan(0);
    expect(payments.failed / payments.attempts).toBeLessThan(0.25);
  });
});
