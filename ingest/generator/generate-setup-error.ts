/**
 * A mistake in the setup of `strata generate` the user can fix, whatever it writes to (an
 * unreachable broker or endpoint, a topic with the wrong partitions, a stream that never
 * becomes active): the command shows its message and hint, without a stack trace.
 */
export class GenerateSetupError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GenerateSetupError';
  }
}
