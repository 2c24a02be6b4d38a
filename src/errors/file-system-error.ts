/**
 * Failed reads and writes of the user's files (artifacts, the lake, the database file) as
 * user errors: what happened, to which path, and what to do about it. A full disk or a
 * read-only folder is the user's to fix, not a bug worth a stack trace.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, parse } from 'node:path';
import { StrataError } from './strata-error.js';

/** The fields Node sets on a failed file-system call. */
interface ErrnoFields {
  code?: unknown;
  path?: unknown;
  dest?: unknown;
  syscall?: unknown;
}

/** What strata needed from the path: to read it, to write it, or (unknown) either. */
type Access = 'read' | 'write' | 'read and write';

/** What each error code means for the user, and what fixes it. */
const EXPLANATIONS: Record<string, { problem: string; fix: (path: string, access: Access) => string }> = {
  EACCES: {
    problem: 'permission denied',
    fix: (path, access) =>
      `Give the user running strata ${access} access to ${path} (and its folder), or run as that file's owner.`,
  },
  EPERM: {
    problem: 'operation not permitted',
    fix: (path) => `Check the permissions and attributes of ${path} (and its folder).`,
  },
  EROFS: {
    problem: 'the file system is read-only',
    fix: () => 'Mount it read-write, or move the project (or its target and lake folders) to a writable disk.',
  },
  ENOSPC: {
    problem: 'no space left on the device',
    fix: () => 'Free some space on that disk (or move the target and lake folders to a bigger one) and run again.',
  },
  EDQUOT: {
    problem: 'the disk quota is exceeded',
    fix: () => 'Free some space within your quota, or ask for a bigger one, and run again.',
  },
  EISDIR: {
    problem: 'a folder is where a file should be',
    fix: (path) => `Remove or rename the folder ${path}: strata writes a file there.`,
  },
  ENOTDIR: {
    problem: 'a file is where a folder should be',
    fix: (path) => `Remove or rename the file ${path}: strata needs a folder there.`,
  },
  EEXIST: {
    problem: 'a file is where a folder should be',
    fix: (path) => `Remove or rename the file ${path}: strata needs a folder there.`,
  },
  EMFILE: {
    problem: 'too many open files',
    fix: () => 'Raise the open-file limit (ulimit -n) or run with fewer --threads.',
  },
  ENFILE: {
    problem: 'too many open files on this system',
    fix: () => 'Close other programs or raise the system open-file limit.',
  },
  ELOOP: {
    problem: 'too many symbolic links',
    fix: (path) => `Check the symbolic links along ${path}: one points back at itself.`,
  },
  ENAMETOOLONG: { problem: 'the path is too long', fix: () => 'Use a shorter project folder or shorter model names.' },
};

/** Whether `error` is a file-system failure strata can explain to the user. */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  const { code } = (error ?? {}) as ErrnoFields;
  return error instanceof Error && typeof code === 'string' && code in EXPLANATIONS;
}

/** What the failing call was doing, in words, by system call. */
const ACTIONS: Record<string, string> = {
  mkdir: 'create the folder',
  rename: 'write',
  write: 'write',
  copyfile: 'write',
  unlink: 'remove',
  rmdir: 'remove',
  rm: 'remove',
  scandir: 'read the folder',
  read: 'read',
};

/**
 * `error` as a StrataError naming the path, the problem and the fix, or `undefined` when
 * it is not a file-system failure strata can explain. `path` names the file the user
 * knows when the failing call worked on a temporary one beside it; `action` says what
 * strata was doing there ("write", "read"...) when the system call does not tell.
 */
export function fileSystemError(
  error: unknown,
  options: { path?: string; action?: string } = {},
): StrataError | undefined {
  if (!isFileSystemError(error)) return undefined;
  const fields = error as ErrnoFields;
  const code = String(fields.code);
  const explanation = EXPLANATIONS[code]!;
  const path = options.path ?? (typeof fields.path === 'string' ? fields.path : undefined);
  const action = options.action ?? ACTIONS[String(fields.syscall)] ?? 'open';
  const access: Access = action.startsWith('read') ? 'read' : action === 'open' ? 'read and write' : 'write';
  if (path === undefined) {
    return new StrataError(`A file operation failed: ${explanation.problem} (${code})`, {
      hint: explanation.fix('the file', access),
      cause: error,
    });
  }
  const culprit = code === 'ENOTDIR' || code === 'EEXIST' ? (fileInTheWay(path) ?? path) : path;
  return new StrataError(`Cannot ${action} ${path}: ${explanation.problem} (${code})`, {
    hint: explanation.fix(culprit, access),
    cause: error,
  });
}

/** The nearest ancestor of `path` (or `path` itself) that exists as a file, not a folder. */
function fileInTheWay(path: string): string | undefined {
  const root = parse(path).root;
  for (let current = path; current !== root; current = dirname(current)) {
    try {
      if (existsSync(current) && !statSync(current).isDirectory()) return current;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
