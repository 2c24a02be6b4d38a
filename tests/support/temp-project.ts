/** Test helpers: throwaway project folders and assertions on StrataErrors. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { StrataError } from '../../src/errors/strata-error.js';

const created: string[] = [];

afterEach(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp folder holding `files` (project-relative path -> text); removed after the test. */
export function tempProject(files: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-config-'));
  created.push(root);
  for (const [relative, text] of Object.entries(files)) {
    const absPath = path.join(root, relative);
    fs.mkdirSync(path.dirname(absPath), { recursive: true });
    fs.writeFileSync(absPath, text);
  }
  return root;
}

/** Run `action`, expect a StrataError at `file:line` whose message matches `message`; return it. */
export function expectStrataError(
  action: () => unknown,
  expected: { file?: string; line?: number; message?: RegExp | string; hint?: RegExp | string },
): StrataError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a StrataError to be thrown').toBeInstanceOf(StrataError);
  const error = caught as StrataError;
  if (expected.file !== undefined) expect(error.location?.file).toBe(expected.file);
  if (expected.line !== undefined) expect(error.location?.line).toBe(expected.line);
  if (expected.message !== undefined) expect(error.message).toMatch(expected.message);
  if (expected.hint !== undefined) expect(error.hint ?? '').toMatch(expected.hint);
  return error;
}
