/**
 * The one place where secret values leave the process on the terminal: every write to
 * stdout and stderr (progress and result lines, errors, warnings, `show` rows, the
 * ingester's JSON logs, commander's usage errors) has the values of secret environment
 * variables masked. Artifacts are masked where they are written (write-artifacts.ts).
 */
import { processSecretValues, scrubSecretValues } from '../config/secret-env.js';

type Write = (chunk: unknown, ...rest: unknown[]) => boolean;

const masked = new WeakSet<NodeJS.WritableStream>();

/** Mask secret values in everything written to `streams` from now on (once per stream). */
export function maskSecretsInOutput(
  streams: NodeJS.WritableStream[] = [process.stdout, process.stderr],
  secrets: () => readonly string[] = processSecretValues,
): void {
  for (const stream of streams) {
    if (masked.has(stream)) continue;
    masked.add(stream);
    const write = stream.write.bind(stream) as Write;
    stream.write = ((chunk: unknown, ...rest: unknown[]) =>
      write(maskChunk(chunk, secrets()), ...rest)) as typeof stream.write;
  }
}

// Callers write whole lines, so a value is never split across two chunks.
function maskChunk(chunk: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0) return chunk;
  if (typeof chunk === 'string') return scrubSecretValues(chunk, secrets);
  if (chunk instanceof Uint8Array) {
    const text = Buffer.from(chunk).toString('utf8');
    const scrubbed = scrubSecretValues(text, secrets);
    return scrubbed === text ? chunk : Buffer.from(scrubbed, 'utf8');
  }
  return chunk;
}
