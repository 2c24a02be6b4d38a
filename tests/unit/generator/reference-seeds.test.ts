import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PRODUCTS } from '../../../ingest/generator/reference/products.js';
import { CITIES } from '../../../ingest/generator/reference/geography.js';
import { MARKETING_CHANNELS } from '../../../ingest/generator/reference/marketing-channels.js';
import { PAYMENT_METHODS } from '../../../ingest/generator/reference/payment-methods.js';

/** Rows of one of the example project's seed files, as objects (handles quoted fields). */
function readSeed(name: string): Array<Record<string, string>> {
  const text = readFileSync(fileURLToPath(new URL(`../../../seeds/${name}.csv`, import.meta.url)), 'utf8');
  const rows = text
    .trim()
    .split('\n')
    .map((line) =>
      [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) =>
        (m[1] ?? '').replace(/^"|"$/g, '').replace(/""/g, '"'),
      ),
    );
  const [header = [], ...body] = rows.map((cells) => cells.slice(0, rows[0]?.length));
  return body.map((cells) => Object.fromEntries(header.map((column, i) => [column, cells[i] ?? ''])));
}

describe("seeds match the generator's reference data", () => {
  it('products: same ids, names, categories and prices', () => {
    const seed = readSeed('products');
    expect(seed).toHaveLength(PRODUCTS.length);
    expect(
      seed.map((row) => [row.product_id, row.product_name, row.category, Math.round(Number(row.unit_price) * 100)]),
    ).toEqual(PRODUCTS.map((p) => [p.productId, p.name, p.category, p.priceCents]));
  });

  it('geography: same countries and cities', () => {
    const seed = readSeed('geography');
    expect(seed.map((row) => [row.country_code, row.country_name, row.region, row.city])).toEqual(
      CITIES.map((c) => [c.countryCode, c.countryName, c.region, c.city]),
    );
  });

  it('marketing channels and payment methods: same codes', () => {
    expect(readSeed('marketing_channels').map((row) => row.channel_code)).toEqual(
      MARKETING_CHANNELS.map((c) => c.channelCode),
    );
    expect(readSeed('payment_methods').map((row) => row.payment_method)).toEqual(PAYMENT_METHODS.map((m) => m.code));
  });
});
