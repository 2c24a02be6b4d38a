/**
 * What `state:modified` compares of an exposure. dbt's manifest gives an exposure no
 * checksum, so both sides are read from its manifest.json entry: the previous run's as
 * written, the current one through the same writer.
 */
import { stableJson } from '../graph/stable-json.js';

/** The properties whose change makes an exposure `state:modified.body`. */
const BODY_KEYS = ['type', 'owner', 'label', 'maturity', 'url', 'depends_on'] as const;

/** stableJson of the body properties of an exposure's manifest.json entry. */
export function exposureFingerprint(json: Record<string, unknown>): string {
  return stableJson(Object.fromEntries(BODY_KEYS.map((key) => [key, json[key]])));
}
