/** Everything selected ran and passed (warnings allowed). */
export const EXIT_SUCCESS = 0;
/** A model, seed or test failed. */
export const EXIT_FAILURE = 1;
/** A usage or project error: bad flag, bad selector, broken project file. */
export const EXIT_USAGE = 2;
/** Stopped by Ctrl-C. */
export const EXIT_INTERRUPTED = 130;
