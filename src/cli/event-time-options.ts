import type { Command } from 'commander';
import { parseEventTime } from '../config/microbatch-config.js';
import { StrataError } from '../errors/strata-error.js';
import type { BatchWindow } from '../microbatch/batch-window.js';

/** `--event-time-start` / `--event-time-end` as commander hands them over. */
export interface EventTimeFlags {
  eventTimeStart?: string;
  eventTimeEnd?: string;
}

/** Add dbt's microbatch window options to `run` and `build`. */
export function withEventTimeOptions(command: Command): Command {
  return command
    .option('--event-time-start <time>', 'microbatch models build the batches from this event time (UTC, inclusive)')
    .option('--event-time-end <time>', 'microbatch models build the batches up to this event time (UTC, exclusive)');
}

/**
 * The window the options name, checked as dbt checks them: both or neither, each a date or
 * a date and time, the start before the end.
 */
export function eventTimeWindow(flags: EventTimeFlags): BatchWindow | undefined {
  const { eventTimeStart, eventTimeEnd } = flags;
  if (eventTimeStart === undefined && eventTimeEnd === undefined) return undefined;
  if (eventTimeStart === undefined || eventTimeEnd === undefined) {
    const [given, missing] =
      eventTimeStart === undefined
        ? ['--event-time-end', '--event-time-start']
        : ['--event-time-start', '--event-time-end'];
    throw new StrataError(`${given} needs ${missing} as well`, {
      hint: 'Give both, e.g. --event-time-start 2024-01-01 --event-time-end 2024-01-08 (the end is exclusive).',
    });
  }
  const start = readTime('--event-time-start', eventTimeStart);
  const end = readTime('--event-time-end', eventTimeEnd);
  if (start >= end) {
    throw new StrataError(`--event-time-start (${eventTimeStart}) must be before --event-time-end (${eventTimeEnd})`, {
      hint: 'The window is [start, end): the end is exclusive.',
    });
  }
  return { start, end };
}

function readTime(option: string, text: string): Date {
  const time = parseEventTime(text);
  if (!time) {
    throw new StrataError(`${option} "${text}" is not a date or a date and time`, {
      hint: `Write ${option} 2024-01-01 or ${option} '2024-01-01 12:00:00' (UTC unless it names an offset).`,
    });
  }
  return time;
}
