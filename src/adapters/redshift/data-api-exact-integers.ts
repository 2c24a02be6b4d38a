import type { RedshiftDataClient } from '@aws-sdk/client-redshift-data';

/**
 * BIGINT values beyond 2^53 arrive as JSON numbers (`{"longValue": 9007199254740993}`),
 * which JSON.parse rounds before any code sees them. This middleware reads the raw body of
 * GetStatementResult first and turns such a field into `{"stringValue": "..."}`, which the
 * field conversion reads back as an exact bigint from the column's int8 type.
 */
export function keepLargeIntegersExact(client: RedshiftDataClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      if (context.commandName !== 'GetStatementResultCommand') return out;
      const response = out.response as { body?: unknown } | undefined;
      if (response?.body === undefined) return out;
      const raw = await readBody(response.body);
      response.body = Buffer.from(rewriteLargeLongValues(raw), 'utf8');
      return out;
    },
    // Low priority in the deserialize step runs inside the deserializer: the body is still raw.
    { step: 'deserialize', priority: 'low', name: 'strataExactLongValues' },
  );
}

/** `"longValue": <digits>` beyond the safe range becomes `"stringValue": "<digits>"`. */
export function rewriteLargeLongValues(json: string): string {
  // A quote inside a JSON string is always escaped, so `"longValue"` only matches a key.
  return json.replace(/"longValue"\s*:\s*(-?\d+)(?![\d.eE])/g, (whole, digits: string) =>
    Number.isSafeInteger(Number(digits)) ? whole : `"stringValue":"${digits}"`,
  );
}

async function readBody(body: unknown): Promise<string> {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}
