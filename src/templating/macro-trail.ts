/**
 * Where an error inside a macro happened, and who called the macro. nunjucks reports a
 * render error at the line of the model being rendered, so an error inside a macro would
 * point at the model's call, never into the macro. Each compiled macro therefore knows
 * its file and can read the line its template is at (macro-site-compiler.ts); its body
 * runs through `traceMacroBody`, which notes, as an error leaves the macro, the macro's
 * file and line and the place it was called from. `toTemplateError` turns the trail
 * into the error's location and a "called from" note.
 */
import { MacroReturn } from './macro-call.js';
import type { SourceLocation } from '../errors/strata-error.js';

/** A compiled macro's place: its name, its file, and the line its template is at now. */
export interface MacroSite {
  macro: string;
  file: string;
  /** 1-based line of the latest call made in the macro's file (nunjucks tracks it per file) */
  line(): number;
}

/** One macro an error left: where it was at, and where it was called from (another macro). */
export interface MacroFrame {
  macro: string;
  at: SourceLocation;
  /** the calling macro's place; undefined when the node's own template called it */
  calledFrom?: SourceLocation;
}

// Renders are synchronous: one stack of running macros and one trail suffice.
const running: MacroSite[] = [];
let trail: { error: unknown; frames: MacroFrame[] } | undefined;

type Body = (...args: unknown[]) => unknown;

/** `body` of the macro at `site`, noting its frame on every error that leaves it. */
export function traceMacroBody(site: MacroSite, body: Body): Body {
  return function traced(this: unknown, ...args: unknown[]) {
    const caller = running[running.length - 1];
    // read now: a macro of the same file overwrites the line as it runs
    const calledFrom = caller && { file: caller.file, line: caller.line() };
    running.push(site);
    try {
      return body.apply(this, args);
    } catch (error) {
      if (!(error instanceof MacroReturn)) {
        const frames = trail !== undefined && trail.error === error ? trail.frames : [];
        frames.push({ macro: site.macro, at: { file: site.file, line: site.line() }, calledFrom });
        trail = { error, frames };
      }
      throw error;
    } finally {
      running.pop();
    }
  };
}

/** The macros the latest error left, innermost first; the trail is cleared. */
export function takeMacroTrail(): MacroFrame[] {
  const frames = trail?.frames ?? [];
  trail = undefined;
  return frames;
}

/** Forget any trail (a render starts; an earlier error may have been caught and handled). */
export function clearMacroTrail(): void {
  trail = undefined;
}

/** ` (in macro m, called from models/x.sql:3)`, one "in macro" per frame, innermost first. */
export function describeMacroTrail(frames: readonly MacroFrame[], node: SourceLocation): string {
  const parts = frames.map((frame) => `in macro ${frame.macro}, called from ${place(frame.calledFrom ?? node)}`);
  return parts.length === 0 ? '' : ` (${parts.join('; ')})`;
}

function place(location: SourceLocation): string {
  return location.line === undefined ? location.file : `${location.file}:${location.line}`;
}
