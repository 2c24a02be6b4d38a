/**
 * What happens after `checkout_started`: the order service emits `order_placed` with
 * its items and totals, then the payment service emits one event per attempt. Attempts
 * fail at the method's rate; a customer may retry (sometimes with another method).
 */
import type { Rng } from './prng.js';
import type { ShopEvent } from './event-types.js';
import { isoTime } from './event-types.js';
import type { Customer } from './customers.js';
import type { Product } from './reference/products.js';
import { FAILURE_REASONS, PAYMENT_METHODS } from './reference/payment-methods.js';

export interface CartLine {
  product: Product;
  quantity: number;
}

/** Orders of at least this subtotal ship for free. */
const FREE_SHIPPING_FROM_CENTS = 5000;
const SHIPPING_FEE_CENTS = 499;
const COUPONS: ReadonlyArray<{ code: string; percentOff: number; weight: number }> = [
  { code: 'WELCOME10', percentOff: 10, weight: 5 },
  { code: 'WINTER15', percentOff: 15, weight: 3 },
  { code: 'FRIENDS20', percentOff: 20, weight: 1 },
];
/** Share of orders whose customer never reaches the payment step. */
const NO_PAYMENT_SHARE = 0.02;
const RETRY_SHARE = 0.7;
const SWITCH_METHOD_SHARE = 0.35;
const MAX_ATTEMPTS = 3;

const cents = (value: number): number => Math.round(value) / 100;

/** The order and payment events for a checkout that converts, in time order. */
export function placeOrder(customer: Customer, cart: CartLine[], placedAtMs: number, rng: Rng): ShopEvent[] {
  const orderId = rng.uuid();
  const subtotal = cart.reduce((sum, line) => sum + line.product.priceCents * line.quantity, 0);
  const coupon = rng.chance(0.18) ? rng.weighted(COUPONS, (c) => c.weight) : undefined;
  const discount = coupon ? Math.round((subtotal * coupon.percentOff) / 100) : 0;
  const shipping = subtotal >= FREE_SHIPPING_FROM_CENTS ? 0 : SHIPPING_FEE_CENTS;
  const total = subtotal - discount + shipping;
  const order: ShopEvent = {
    topic: 'orders',
    userId: customer.userId,
    eventTimeMs: placedAtMs,
    payload: {
      event_id: rng.uuid(),
      event_type: 'order_placed',
      event_time: isoTime(placedAtMs),
      order_id: orderId,
      user_id: customer.userId,
      currency: 'EUR',
      items: cart.map((line) => ({
        product_id: line.product.productId,
        quantity: line.quantity,
        unit_price: cents(line.product.priceCents),
      })),
      subtotal: cents(subtotal),
      discount_amount: cents(discount),
      shipping_amount: cents(shipping),
      total_amount: cents(total),
      coupon_code: coupon ? coupon.code : null,
      shipping_country: customer.home.countryCode,
      shipping_city: customer.home.city,
    },
  };
  if (rng.chance(NO_PAYMENT_SHARE)) return [order];
  return [order, ...payOrder(customer, orderId, total, placedAtMs, rng)];
}

function payOrder(customer: Customer, orderId: string, totalCents: number, placedAtMs: number, rng: Rng): ShopEvent[] {
  const events: ShopEvent[] = [];
  let method = customer.paymentMethod;
  let at = placedAtMs + rng.int(2_000, 25_000);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const failureRate = PAYMENT_METHODS.find((m) => m.code === method)?.failureRate ?? 0.1;
    const failed = rng.chance(failureRate);
    events.push({
      topic: 'payments',
      userId: customer.userId,
      eventTimeMs: at,
      payload: {
        event_id: rng.uuid(),
        event_type: failed ? 'payment_failed' : 'payment_succeeded',
        event_time: isoTime(at),
        payment_id: rng.uuid(),
        order_id: orderId,
        user_id: customer.userId,
        attempt_number: attempt,
        payment_method: method,
        amount: cents(totalCents),
        currency: 'EUR',
        failure_reason: failed ? rng.weighted(FAILURE_REASONS, (r) => r.weight).reason : null,
      },
    });
    if (!failed || !rng.chance(RETRY_SHARE)) break;
    if (rng.chance(SWITCH_METHOD_SHARE)) method = rng.weighted(PAYMENT_METHODS, (m) => m.weight).code;
    at += rng.int(20_000, 480_000);
  }
  return events;
}
