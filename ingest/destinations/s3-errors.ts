/** A conditional write (`If-None-Match: *`) refused because an object of that key exists. */
export function isAlreadyThere(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const shape = error as { name?: unknown; $metadata?: { httpStatusCode?: unknown } };
  return shape.name === 'PreconditionFailed' || shape.$metadata?.httpStatusCode === 412;
}
