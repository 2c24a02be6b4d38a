/** Durations in configuration are parsed as the engine parses them (`freshness_target` too). */
export { formatDuration, parseDuration } from '../../src/config/duration.js';
