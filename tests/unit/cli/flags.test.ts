import { describe, expect, it } from 'vitest';
import { StrataError } from '../../../src/errors/strata-error.js';
import { optionalFlag, parseNumberFlag, parsePort, parseShare, parseWholeNumber } from '../../../src/cli/flags.js';

/** The StrataError `parse` raises, as message and hint. */
function failure(parse: () => unknown): { message: string; hint?: string } {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(StrataError);
    return { message: (error as StrataError).message, hint: (error as StrataError).hint };
  }
  throw new Error('expected a StrataError');
}

describe('numeric command-line flags', () => {
  it('reads whole numbers from their minimum up, and names the flag and the text otherwise', () => {
    expect(parseWholeNumber('0', '--seed')).toBe(0);
    expect(parseWholeNumber('42', '--seed')).toBe(42);
    expect(failure(() => parseWholeNumber('-1', '--users'))).toEqual({
      message: "--users must be a whole number, got '-1'",
    });
    expect(failure(() => parseWholeNumber('2.5', '--days')).message).toBe("--days must be a whole number, got '2.5'");
    expect(parseWholeNumber('4', '--threads', 1)).toBe(4);
    expect(failure(() => parseWholeNumber('0', '--threads', 1, 'For example: --threads 4'))).toEqual({
      message: "--threads must be a positive whole number, got '0'",
      hint: 'For example: --threads 4',
    });
    expect(failure(() => parseWholeNumber('four', '--limit', 1)).message).toBe(
      "--limit must be a positive whole number, got 'four'",
    );
  });

  it('reads a port from 0 to 65535', () => {
    expect(parsePort('0')).toBe(0);
    expect(parsePort('65535')).toBe(65535);
    expect(failure(() => parsePort('65536'))).toEqual({
      message: "--port must be a whole number from 0 to 65535, got '65536'",
      hint: 'For example: --port 8080',
    });
    expect(failure(() => parsePort('http')).message).toMatch(/^--port must be/);
  });

  it('reads a share as a fraction from 0 to 1', () => {
    expect(parseShare('0', '--late-share')).toBe(0);
    expect(parseShare('0.25', '--late-share')).toBe(0.25);
    expect(parseShare('1', '--late-share')).toBe(1);
    expect(failure(() => parseShare('25%', '--late-share')).message).toBe(
      "--late-share must be between 0 and 1, got '25%'",
    );
    expect(failure(() => parseShare('1.5', '--malformed-share')).message).toBe(
      "--malformed-share must be between 0 and 1, got '1.5'",
    );
  });

  it('says what a flag takes in its own words when the rule asks', () => {
    const rule = { whole: true, min: -1, expected: '-1 or a whole number of milliseconds' };
    expect(parseNumberFlag('-1', '--retention-ms', rule)).toBe(-1);
    expect(failure(() => parseNumberFlag('-2', '--retention-ms', rule)).message).toBe(
      "--retention-ms must be -1 or a whole number of milliseconds, got '-2'",
    );
    expect(failure(() => parseNumberFlag('Infinity', '--rate', { min: 0 })).message).toBe(
      "--rate must be a number, got 'Infinity'",
    );
  });

  it('parses an optional flag only when it was given', () => {
    expect(optionalFlag(undefined, (text) => parseWholeNumber(text, '--count'))).toBeUndefined();
    expect(optionalFlag('7', (text) => parseWholeNumber(text, '--count'))).toBe(7);
  });
});
