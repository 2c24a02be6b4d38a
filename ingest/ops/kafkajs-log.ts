/**
 * Routes kafkajs's own log lines into the ingester's JSON logs (warnings and errors;
 * its info lines become debug). kafkajs logs the broker's answers that every rebalance
 * brings (a heartbeat or commit told "the group is rebalancing" or "that generation is
 * over") at error level, and the rejoin that follows as a warning; for an ingester these
 * are routine, so they are logged at info. A member the coordinator forgot (its session
 * expired: a stall or a network cut) is worth a warning, not an error: kafkajs rejoins.
 */
import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from './logger.js';

/** kafkajs's messages for REBALANCE_IN_PROGRESS (27) and ILLEGAL_GENERATION (22). */
export const REBALANCE_ANSWERS: readonly string[] = [
  'The group is rebalancing, so a rejoin is needed',
  'Specified group generation id is not valid',
];
/** kafkajs's message for UNKNOWN_MEMBER_ID (25). */
export const FORGOTTEN_MEMBER = 'The coordinator is not aware of this member';

export function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const {
        message,
        timestamp: _timestamp,
        logger: _source,
        ...fields
      } = log as { message: string; timestamp?: string; logger?: string } & Record<string, unknown>;
      const entry = { component: 'kafkajs', namespace, ...fields };
      const error = typeof fields.error === 'string' ? fields.error : '';
      if (level <= logLevel.WARN && REBALANCE_ANSWERS.includes(error)) logger.info(message, entry);
      else if (level === logLevel.ERROR && error.startsWith(FORGOTTEN_MEMBER)) logger.warn(message, entry);
      else if (level === logLevel.ERROR) logger.error(message, entry);
      else if (level === logLevel.WARN) logger.warn(message, entry);
      else if (level === logLevel.INFO) logger.debug(message, entry);
    };
}
