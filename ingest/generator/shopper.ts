/**
 * A customer's week: sign-up just before the first visit, then visits at the hours
 * people shop in their own time zone. Visits are at least 45 minutes apart so that a
 * 30-minute inactivity timeout separates them.
 */
import type { Rng } from './prng.js';
import type { ShopEvent } from './event-types.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './event-types.js';
import { registrationEvent, type Customer } from './customers.js';
import { simulateVisit } from './browsing.js';

export interface SampleWindow {
  startMs: number;
  days: number;
}

/** Relative traffic by local hour of day: quiet nights, a lunch bump, busy evenings. */
const LOCAL_HOUR_WEIGHTS = [
  0.35, 0.2, 0.12, 0.08, 0.08, 0.12, 0.3, 0.6, 0.85, 1.0, 1.1, 1.2, 1.35, 1.25, 1.1, 1.05, 1.1, 1.3, 1.55, 1.8, 1.9,
  1.7, 1.2, 0.7,
];
const HOURS = LOCAL_HOUR_WEIGHTS.map((_, hour) => hour);
const MIN_GAP_BETWEEN_VISITS_MS = 45 * MINUTE_MS;
/** The shop's first visitors arrive this long after the window opens (sign-ups come first). */
const FIRST_VISIT_AFTER_START_MS = 10 * MINUTE_MS;
/** Visits start, and clicks stop, early enough that orders and payments stay inside the window. */
const LAST_VISIT_BEFORE_END_MS = HOUR_MS;
const LAST_CLICK_BEFORE_END_MS = 25 * MINUTE_MS;

/** Every business event of one customer over the window, in time order. */
export function simulateShopper(customer: Customer, window: SampleWindow, rng: Rng): ShopEvent[] {
  const windowEndMs = window.startMs + window.days * DAY_MS;
  const earliest = window.startMs + FIRST_VISIT_AFTER_START_MS;
  const latest = windowEndMs - LAST_VISIT_BEFORE_END_MS;
  /** A visit on a local day, or undefined when the draws keep falling outside the window. */
  const visitTime = (day: number): number | undefined => {
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const localHour = rng.weighted(HOURS, (h) => LOCAL_HOUR_WEIGHTS[h] ?? 0);
      const utcMs = (localHour - customer.home.utcOffsetHours) * HOUR_MS + rng.int(0, HOUR_MS - 1);
      const at = window.startMs + day * DAY_MS + utcMs;
      if (at >= earliest && at <= latest) return at;
    }
    return undefined;
  };

  // Sign-ups thin out over the window, so the days after the first see returning visitors.
  const days = Array.from({ length: window.days }, (_, day) => day);
  const firstDay = rng.weighted(days, (d) => 1 / (1 + d));
  const first =
    visitTime(firstDay) ?? Math.min(latest, Math.max(earliest, window.startMs + firstDay * DAY_MS + 12 * HOUR_MS));
  const candidates = [first];
  for (let day = firstDay; day < window.days; day += 1) {
    const visits = rng.poisson(customer.visitsPerDay);
    for (let i = 0; i < visits; i += 1) {
      const at = visitTime(day);
      if (at !== undefined) candidates.push(at);
    }
  }
  const starts = candidates.filter((t) => t >= first).sort((a, b) => a - b);

  const events: ShopEvent[] = [registrationEvent(customer, first - rng.int(15_000, 240_000), rng)];
  let lastClickMs = -Infinity;
  for (const start of starts) {
    if (start < lastClickMs + MIN_GAP_BETWEEN_VISITS_MS) continue;
    const visit = simulateVisit(customer, start, windowEndMs - LAST_CLICK_BEFORE_END_MS, rng);
    events.push(...visit.events);
    lastClickMs = visit.lastClickMs;
  }
  return events.sort((a, b) => a.eventTimeMs - b.eventTimeMs);
}
