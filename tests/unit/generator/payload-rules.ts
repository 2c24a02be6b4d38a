/**
 * What staging accepts, restated in TypeScript: the test-side oracle that decides whether a
 * payload is valid, independently of how the generator labelled it.
 */

const EVENT_TYPES: Record<string, string[]> = {
  users: ['user_registered'],
  clickstream: ['page_view', 'product_view', 'add_to_cart', 'remove_from_cart', 'checkout_started'],
  orders: ['order_placed'],
  payments: ['payment_succeeded', 'payment_failed'],
};
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

type Json = Record<string, unknown>;

const present = (value: unknown): boolean => typeof value === 'string' && value.length > 0;
const amount = (value: unknown): boolean => typeof value === 'number' && value >= 0;
const count = (value: unknown): boolean => Number.isInteger(value) && (value as number) > 0;

/** Whether staging keeps a payload of this topic. */
export function isValidPayload(topic: string, payload: Json): boolean {
  const eventType = payload.event_type;
  if (!present(payload.event_id) || typeof eventType !== 'string') return false;
  if (!(EVENT_TYPES[topic] ?? []).includes(eventType)) return false;
  if (
    typeof payload.event_time !== 'string' ||
    !ISO.test(payload.event_time) ||
    Number.isNaN(Date.parse(payload.event_time))
  ) {
    return false;
  }
  if (!present(payload.user_id)) return false;
  if (topic === 'users') return present(payload.email);
  if (topic === 'clickstream') {
    if (['product_view', 'add_to_cart', 'remove_from_cart'].includes(eventType) && !present(payload.product_id))
      return false;
    if (['add_to_cart', 'remove_from_cart'].includes(eventType) && !count(payload.quantity)) return false;
    if (eventType === 'checkout_started' && !amount(payload.cart_value)) return false;
    return true;
  }
  if (topic === 'orders') {
    const items = payload.items;
    if (!present(payload.order_id) || !Array.isArray(items) || items.length === 0) return false;
    if (![payload.subtotal, payload.discount_amount, payload.shipping_amount, payload.total_amount].every(amount))
      return false;
    return (items as Json[]).every(
      (item) => present(item.product_id) && count(item.quantity) && amount(item.unit_price),
    );
  }
  return (
    present(payload.payment_id) && present(payload.order_id) && amount(payload.amount) && count(payload.attempt_number)
  );
}
