/** Routes kafkajs's own log lines into the ingester's JSON logs (warnings and errors only). */
import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from './logger.js';

export function kafkaLogCreator(logger: Logger): logCreator {
  return () => ({ namespace, level, log }) => {
    const { message, timestamp: _timestamp, logger: _source, ...fields } = log as { message: string; timestamp?: string; logger?: string } & Record<string, unknown>;
    const entry = { component: 'kafkajs', namespace, ...fields };
    if (level === logLevel.ERROR) logger.error(message, entry);
    else if (level === logLevel.WARN) logger.warn(message, entry);
    else if (level === logLevel.INFO) logger.debug(message, entry);
  };
}
