/**
 * One visit to the shop: a landing page, then page and product views, cart changes and
 * perhaps a checkout. Events within a visit are seconds to minutes apart (never near the
 * 30-minute inactivity timeout), so sessionizing the clickstream recovers the visits.
 */
import type { Rng } from './prng.js';
import type { Payload, ShopEvent } from './event-types.js';
import { isoTime } from './event-types.js';
import type { Customer, Device } from './customers.js';
import { placeOrder, type CartLine } from './checkout.js';
import { MARKETING_CHANNELS } from './reference/marketing-channels.js';
import { CATEGORIES, PRODUCTS, type Product } from './reference/products.js';

export interface Visit {
  events: ShopEvent[];
  /** time of the visit's last clickstream event */
  lastClickMs: number;
}

/** Longest pause between two clicks of one visit. */
const MAX_CLICK_GAP_MS = 9 * 60_000;
const MIN_CLICK_GAP_MS = 2_000;
const LEAVE_SHARE_PER_STEP = 0.1;
/** Share of visits that leave after the landing page. */
const BOUNCE_SHARE = 0.3;
const ORDER_AFTER_CHECKOUT_SHARE = 0.72;

const PAGE_KINDS = [
  { kind: 'home', weight: 3 },
  { kind: 'category', weight: 5 },
  { kind: 'search', weight: 3 },
  { kind: 'content', weight: 1 },
] as const;

const PRODUCTS_BY_CATEGORY = new Map(CATEGORIES.map((c) => [c, PRODUCTS.filter((p) => p.category === c)]));

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-');

/** Simulate one visit starting at `startMs`; the visitor leaves rather than click after `closesMs`. */
export function simulateVisit(customer: Customer, startMs: number, closesMs: number, rng: Rng): Visit {
  const channel = rng.chance(0.45)
    ? customer.acquisitionChannel
    : rng.weighted(MARKETING_CHANNELS, (c) => c.weight).channelCode;
  const intent = MARKETING_CHANNELS.find((c) => c.channelCode === channel)?.purchaseIntent ?? 1;
  const device: Device = rng.chance(0.85) ? customer.device : rng.pick<Device>(['desktop', 'mobile', 'tablet']);
  const propensity = customer.buyingPropensity * intent;
  const events: ShopEvent[] = [];
  const cart = new Map<string, CartLine>();
  const viewed: Product[] = [];
  let at = startMs;

  const click = (eventType: string, fields: Payload): void => {
    events.push({
      topic: 'clickstream',
      userId: customer.userId,
      eventTimeMs: at,
      payload: {
        event_id: rng.uuid(),
        event_type: eventType,
        event_time: isoTime(at),
        user_id: customer.userId,
        device,
        channel,
        ...fields,
      },
    });
  };
  const pageView = (): void => {
    const { kind } = rng.weighted(PAGE_KINDS, (k) => k.weight);
    const category = rng.chance(0.7) ? rng.pick(customer.favouriteCategories) : rng.pick(CATEGORIES);
    const path = {
      home: '/',
      category: `/c/${slug(category)}`,
      search: `/search?q=${slug(rng.pick(PRODUCTS).brand)}`,
      content: rng.pick(['/about', '/help/shipping', '/help/returns', '/blog/gift-guide']),
    }[kind];
    click('page_view', { page_type: kind, page_path: path });
  };
  const productView = (): void => {
    const category = rng.chance(0.75) ? rng.pick(customer.favouriteCategories) : rng.pick(CATEGORIES);
    // Cheaper products get more views.
    const product = rng.weighted(PRODUCTS_BY_CATEGORY.get(category) ?? PRODUCTS, (p) => 1 / Math.sqrt(p.priceCents));
    viewed.push(product);
    click('product_view', {
      page_type: 'product',
      page_path: `/p/${product.productId}`,
      product_id: product.productId,
    });
  };
  const addToCart = (): void => {
    const product = rng.chance(0.8) ? (viewed[viewed.length - 1] as Product) : rng.pick(viewed);
    const quantity = rng.weighted([1, 2, 3], (q) => ({ 1: 82, 2: 14, 3: 4 })[q] ?? 0);
    const line = cart.get(product.productId);
    cart.set(product.productId, { product, quantity: (line?.quantity ?? 0) + quantity });
    click('add_to_cart', { product_id: product.productId, quantity, unit_price: product.priceCents / 100 });
  };
  const removeFromCart = (): void => {
    const line = rng.pick([...cart.values()]);
    cart.delete(line.product.productId);
    click('remove_from_cart', {
      product_id: line.product.productId,
      quantity: line.quantity,
      unit_price: line.product.priceCents / 100,
    });
  };

  if (rng.chance(0.3)) productView();
  else pageView();
  if (rng.chance(BOUNCE_SHARE)) return { events, lastClickMs: at };
  for (let step = 0; step < 40 && !rng.chance(LEAVE_SHARE_PER_STEP); step += 1) {
    const next = at + Math.round(Math.min(MAX_CLICK_GAP_MS, MIN_CLICK_GAP_MS + rng.exponential(45_000)));
    if (next > closesMs) break;
    at = next;
    if (cart.size > 0 && rng.chance(0.1 * Math.min(propensity, 2))) {
      const lines = [...cart.values()];
      const cartCents = lines.reduce((sum, l) => sum + l.product.priceCents * l.quantity, 0);
      const units = lines.reduce((sum, l) => sum + l.quantity, 0);
      click('checkout_started', {
        page_type: 'checkout',
        page_path: '/checkout',
        cart_value: cartCents / 100,
        cart_items: units,
      });
      const lastClickMs = at;
      if (!rng.chance(Math.min(0.95, ORDER_AFTER_CHECKOUT_SHARE * Math.sqrt(propensity))))
        return { events, lastClickMs };
      const placedAt = at + rng.int(15_000, 150_000);
      return { events: [...events, ...placeOrder(customer, lines, placedAt, rng)], lastClickMs };
    }
    const action = rng.weighted(['page', 'product', 'add', 'remove'], (a) => {
      if (a === 'page') return 30;
      if (a === 'product') return 50;
      if (a === 'add') return viewed.length > 0 ? 3.5 * propensity : 0;
      return cart.size > 0 ? 4 : 0;
    });
    if (action === 'page') pageView();
    else if (action === 'product') productView();
    else if (action === 'add') addToCart();
    else removeFromCart();
  }
  return { events, lastClickMs: at };
}
