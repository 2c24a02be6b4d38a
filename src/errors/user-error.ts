/**
 * Which failures are the user's to fix, as one StrataError each: project and usage
 * mistakes, file-system failures (a full disk, a read-only folder, a file where a folder
 * belongs) and what the warehouse answered. Anything else is a bug in strata.
 */
import { DatabaseError } from '../adapters/database-error.js';
import { fileSystemError } from './file-system-error.js';
import { StrataError } from './strata-error.js';

/** `error` as the StrataError to print, or `undefined` when it is a bug. */
export function asUserError(error: unknown): StrataError | undefined {
  if (error instanceof StrataError) return error;
  const fileError = fileSystemError(error);
  if (fileError) return fileError;
  if (error instanceof DatabaseError)
    return new StrataError(`Warehouse error (${error.adapter}): ${error.message}`, { cause: error });
  return undefined;
}

/** The text of a failure inside one node: the user error's block, else the error's message. */
export function failureText(error: unknown): string {
  const userError = asUserError(error);
  if (userError && !(error instanceof DatabaseError)) return userError.format();
  return error instanceof Error ? error.message : String(error);
}
