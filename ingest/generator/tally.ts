/**
 * The figures the sample was built from, counted as records pass to the sink. Staging,
 * marts and gold must reconcile to them: distinct valid events per topic and type,
 * sessions and funnel steps, orders and the revenue of orders with a successful payment,
 * and how many records were malformed, duplicated or late.
 */
import type { MalformedReason, ProducedRecord, Topic } from './event-types.js';
import { MINUTE_MS, TOPICS } from './event-types.js';
import type { LakePlacement } from './lake-sink.js';

/** The sessionization timeout the figures assume (the project's `session_timeout_minutes`). */
export const SESSION_TIMEOUT_MINUTES = 30;

export interface DailyOrders {
  orders: number;
  paidOrders: number;
  /** EUR, two decimals */
  revenue: number;
}

export interface GeneratorTally {
  seed: number;
  startDate: string;
  days: number;
  partitions: number;
  /** distinct users registered */
  users: number;
  files: number;
  /** every line written, by topic (valid + duplicate + malformed) */
  records: { total: number; byTopic: Record<Topic, number> };
  /** distinct valid events, by topic and event type */
  events: Record<Topic, Record<string, number>>;
  /** sessions by 30-minute inactivity and the funnel steps they reached */
  sessions: { total: number; withProductView: number; withAddToCart: number; withCheckout: number; withOrder: number };
  orders: {
    valid: number;
    paid: number;
    paymentFailed: number;
    /** no payment attempt at all */
    pending: number;
    items: number;
    units: number;
    /** total of valid orders with a successful payment, EUR */
    revenue: number;
    byDate: Record<string, DailyOrders>;
  };
  payments: { attempts: number; succeeded: number; failed: number; amountSucceeded: number };
  malformed: { total: number; byTopic: Record<Topic, number>; byReason: Partial<Record<MalformedReason, number>> };
  /** exact re-sends of a valid event (same bytes, new offset) */
  duplicates: { total: number; byTopic: Record<Topic, number> };
  /** valid events whose Kafka timestamp is an hour or more after their event time */
  late: { total: number; byTopic: Record<Topic, number> };
  /** records partitioned by Kafka timestamp because their payload had no usable event time */
  partitionedByKafkaTime: number;
}

interface OrderFacts {
  userId: string;
  timeMs: number;
  totalCents: number;
  paid: boolean;
  attempted: boolean;
}

const perTopic = (): Record<Topic, number> => ({ users: 0, clickstream: 0, orders: 0, payments: 0 });
const toCents = (value: unknown): number => Math.round(Number(value) * 100);
const euros = (cents: number): number => cents / 100;

/** Accumulates a tally from the records written. */
export class TallyBuilder {
  private readonly records = perTopic();
  private readonly events = Object.fromEntries(TOPICS.map((t) => [t, {}])) as Record<Topic, Record<string, number>>;
  private readonly malformed = {
    total: 0,
    byTopic: perTopic(),
    byReason: {} as Partial<Record<MalformedReason, number>>,
  };
  private readonly duplicates = { total: 0, byTopic: perTopic() };
  private readonly late = { total: 0, byTopic: perTopic() };
  private readonly users = new Set<string>();
  private readonly clicks = new Map<string, Array<{ timeMs: number; type: string }>>();
  private readonly orders = new Map<string, OrderFacts>();
  private readonly payments = { attempts: 0, succeeded: 0, failed: 0, amountSucceededCents: 0 };
  private readonly paymentOutcomes: Array<{ orderId: string; succeeded: boolean }> = [];
  private items = 0;
  private units = 0;
  private byKafkaTime = 0;

  observe(record: ProducedRecord, placement: LakePlacement): void {
    this.records[record.topic] += 1;
    if (placement.eventTimeSource === 'kafka') this.byKafkaTime += 1;
    if (record.kind === 'malformed') {
      this.malformed.total += 1;
      this.malformed.byTopic[record.topic] += 1;
      if (record.malformedReason) {
        this.malformed.byReason[record.malformedReason] = (this.malformed.byReason[record.malformedReason] ?? 0) + 1;
      }
      return;
    }
    if (record.kind === 'duplicate') {
      this.duplicates.total += 1;
      this.duplicates.byTopic[record.topic] += 1;
      return;
    }
    if (record.late) {
      this.late.total += 1;
      this.late.byTopic[record.topic] += 1;
    }
    const payload = JSON.parse(record.value) as Record<string, unknown>;
    const eventType = String(payload.event_type);
    const byType = this.events[record.topic];
    byType[eventType] = (byType[eventType] ?? 0) + 1;
    this.observePayload(record.topic, eventType, payload);
  }

  private observePayload(topic: Topic, eventType: string, payload: Record<string, unknown>): void {
    const userId = String(payload.user_id);
    const timeMs = Date.parse(String(payload.event_time));
    if (topic === 'users') this.users.add(userId);
    if (topic === 'clickstream') {
      const list = this.clicks.get(userId) ?? [];
      list.push({ timeMs, type: eventType });
      this.clicks.set(userId, list);
    }
    if (topic === 'orders') {
      const items = payload.items as Array<{ quantity: number }>;
      this.items += items.length;
      this.units += items.reduce((sum, item) => sum + item.quantity, 0);
      this.orders.set(String(payload.order_id), {
        userId,
        timeMs,
        totalCents: toCents(payload.total_amount),
        paid: false,
        attempted: false,
      });
    }
    if (topic === 'payments') {
      const succeeded = eventType === 'payment_succeeded';
      this.payments.attempts += 1;
      if (succeeded) {
        this.payments.succeeded += 1;
        this.payments.amountSucceededCents += toCents(payload.amount);
      } else {
        this.payments.failed += 1;
      }
      this.paymentOutcomes.push({ orderId: String(payload.order_id), succeeded });
    }
  }

  finish(header: Pick<GeneratorTally, 'seed' | 'startDate' | 'days' | 'partitions'>, files: number): GeneratorTally {
    for (const outcome of this.paymentOutcomes) {
      const order = this.orders.get(outcome.orderId);
      if (!order) continue;
      order.attempted = true;
      order.paid ||= outcome.succeeded;
    }
    let revenueCents = 0;
    const byDate: Record<string, { orders: number; paidOrders: number; revenueCents: number }> = {};
    for (const order of this.orders.values()) {
      const date = new Date(order.timeMs).toISOString().slice(0, 10);
      const day = (byDate[date] ??= { orders: 0, paidOrders: 0, revenueCents: 0 });
      day.orders += 1;
      if (order.paid) {
        day.paidOrders += 1;
        day.revenueCents += order.totalCents;
        revenueCents += order.totalCents;
      }
    }
    const orders = [...this.orders.values()];
    const total = Object.values(this.records).reduce((sum, n) => sum + n, 0);
    return {
      ...header,
      users: this.users.size,
      files,
      records: { total, byTopic: this.records },
      events: this.events,
      sessions: this.sessionize(),
      orders: {
        valid: orders.length,
        paid: orders.filter((o) => o.paid).length,
        paymentFailed: orders.filter((o) => o.attempted && !o.paid).length,
        pending: orders.filter((o) => !o.attempted).length,
        items: this.items,
        units: this.units,
        revenue: euros(revenueCents),
        byDate: Object.fromEntries(
          Object.keys(byDate)
            .sort()
            .map((date) => {
              const day = byDate[date] as { orders: number; paidOrders: number; revenueCents: number };
              return [date, { orders: day.orders, paidOrders: day.paidOrders, revenue: euros(day.revenueCents) }];
            }),
        ),
      },
      payments: {
        attempts: this.payments.attempts,
        succeeded: this.payments.succeeded,
        failed: this.payments.failed,
        amountSucceeded: euros(this.payments.amountSucceededCents),
      },
      malformed: this.malformed,
      duplicates: this.duplicates,
      late: this.late,
      partitionedByKafkaTime: this.byKafkaTime,
    };
  }

  /**
   * Split each user's clicks at gaps over the timeout;
   * an order belongs to the session it follows within the timeout.
   */
  private sessionize(): GeneratorTally['sessions'] {
    const timeoutMs = SESSION_TIMEOUT_MINUTES * MINUTE_MS;
    const sessions = { total: 0, withProductView: 0, withAddToCart: 0, withCheckout: 0, withOrder: 0 };
    const ordersByUser = new Map<string, number[]>();
    for (const order of this.orders.values()) {
      ordersByUser.set(order.userId, [...(ordersByUser.get(order.userId) ?? []), order.timeMs]);
    }
    for (const [userId, clicks] of this.clicks) {
      clicks.sort((a, b) => a.timeMs - b.timeMs);
      const orderTimes = ordersByUser.get(userId) ?? [];
      let start = 0;
      for (let i = 1; i <= clicks.length; i += 1) {
        const previous = clicks[i - 1] as { timeMs: number };
        const current = clicks[i];
        if (current && current.timeMs - previous.timeMs <= timeoutMs) continue;
        const session = clicks.slice(start, i);
        const types = new Set(session.map((c) => c.type));
        const from = (session[0] as { timeMs: number }).timeMs;
        const to = previous.timeMs + timeoutMs;
        sessions.total += 1;
        if (types.has('product_view')) sessions.withProductView += 1;
        if (types.has('add_to_cart')) sessions.withAddToCart += 1;
        if (types.has('checkout_started')) sessions.withCheckout += 1;
        if (orderTimes.some((t) => t >= from && t <= to)) sessions.withOrder += 1;
        start = i;
      }
    }
    return sessions;
  }
}
