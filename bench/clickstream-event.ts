/**
 * The ingest benchmarks' clickstream event: about 500 bytes of JSON, event times spread
 * over two hours of a day as in a live stream.
 */
import { randomUUID } from 'node:crypto';

const DEVICES = ['desktop', 'mobile', 'tablet'];
const PAGES = ['home', 'category', 'search', 'product', 'checkout'];
const AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
const START_MS = Date.parse('2026-01-05T00:00:00Z');

/** Event `index` of `total`: its Kafka key, JSON value and Kafka timestamp. */
export function clickstreamEvent(index: number, total: number): { key: string; value: string; timestamp: number } {
  const at = START_MS + Math.floor((index / total) * 2 * 3_600_000);
  const user = `u_${String(index % 50_000).padStart(6, '0')}`;
  const value = JSON.stringify({
    event_id: `${randomUUID()}`,
    event_type: 'page_view',
    event_time: new Date(at).toISOString(),
    user_id: user,
    session_id: `s_${(index >> 4).toString(36)}`,
    device: DEVICES[index % 3],
    channel: 'organic_search',
    page_type: PAGES[index % 5],
    page_path: `/c/category-${index % 97}/product-${index % 1_013}`,
    referrer: 'https://www.example.com/search?q=running+shoes&page=2',
    user_agent: AGENT,
    country_code: 'DE',
    city: 'Berlin',
    sequence: index,
  });
  return { key: user, value, timestamp: at + 250 };
}
