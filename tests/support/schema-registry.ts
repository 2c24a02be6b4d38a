/** Registering schemas in the test Schema Registry (Confluent's API), for suites that produce wire-format records. */

/** Registers `schema` under `subject` (with Confluent schema references, if any) and returns its id. */
export async function registerSchema(
  url: string,
  subject: string,
  schema: string | object,
  schemaType: 'AVRO' | 'PROTOBUF' | 'JSON' = 'AVRO',
  references: Array<{ name: string; subject: string; version: number }> = [],
): Promise<number> {
  const response = await fetch(`${url}/subjects/${encodeURIComponent(subject)}/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({
      schema: typeof schema === 'string' ? schema : JSON.stringify(schema),
      schemaType,
      ...(references.length > 0 ? { references } : {}),
    }),
  });
  if (!response.ok) throw new Error(`registering ${subject}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: number }).id;
}

/** Sets a subject's compatibility rule (e.g. NONE, to register an incompatible schema on purpose). */
export async function setCompatibility(url: string, subject: string, compatibility: string): Promise<void> {
  const response = await fetch(`${url}/config/${encodeURIComponent(subject)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ compatibility }),
  });
  if (!response.ok) throw new Error(`compatibility of ${subject}: ${response.status} ${await response.text()}`);
}
