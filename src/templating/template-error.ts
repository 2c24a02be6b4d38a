import { StrataError } from '../errors/strata-error.js';

const LOCATION = /^\(([^)]*)\) \[Line (\d+), Column (\d+)\]\s*\n?\s*/;

/**
 * Turn a nunjucks error into a StrataError at the template's file and line. Nunjucks
 * reports parse errors 1-based but runtime errors 0-based, and buries the message
 * after a location prefix; a StrataError raised by our own globals is preferred.
 */
export function toTemplateError(error: unknown, file: string, phase: 'parse' | 'render', raised?: StrataError): StrataError {
  const message = error instanceof Error ? error.message : String(error);
  const match = LOCATION.exec(message);
  let line = match ? Number(match[2]) : undefined;
  if (line !== undefined && phase === 'render') line += 1;
  const location = { file, line };
  if (raised) return new StrataError(raised.message, { location: raised.location?.line ? raised.location : location, hint: raised.hint });
  const detail = (match ? message.slice(match[0].length) : message).replace(/^Error: /, '').trim();
  return new StrataError(`Template ${phase === 'parse' ? 'syntax' : 'render'} error: ${detail}`, {
    location,
    hint: phase === 'parse' ? 'Check the {{ }} and {% %} tags near this line.' : 'Check the expression near this line.',
  });
}
