import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

/**
 * The AWS JSON 1.1 protocol as the Redshift Data API and Athena speak it: `POST /` with
 * `X-Amz-Target: <Service>.<Operation>`, JSON bodies, timestamps as epoch seconds,
 * errors as `{ "__type": "<Name>", "Message": "..." }` with the HTTP status of the
 * error's shape (400 client, 404 not found, 500 server).
 */

export const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** One operation of a test host: it reads the request body and answers. */
export type Operation = (body: Record<string, unknown>, response: ServerResponse) => Promise<void> | void;

/** What a test host answers: its operations by name, under the service's target prefix. */
export interface AwsJsonService {
  /** `RedshiftData.`, `AmazonAthena.` */
  targetPrefix: string;
  operations: Record<string, Operation>;
  /** the access key requests must be signed with; any when undefined */
  accessKeyId: string | undefined;
  /** calls answered so far, by operation (tests read it) */
  calls: Record<string, number>;
}

/** Answer one request: route it by `X-Amz-Target`, and turn every failure into the service's error shape. */
export async function answerAwsJson(
  service: AwsJsonService,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  try {
    const target = String(request.headers['x-amz-target'] ?? '');
    if (request.method !== 'POST' || !target.startsWith(service.targetPrefix)) {
      throw new ApiError(
        'UnknownOperationException',
        `Expected POST / with X-Amz-Target: ${service.targetPrefix}<Operation>`,
      );
    }
    authenticate(request, service.accessKeyId);
    const name = target.slice(service.targetPrefix.length);
    const operation = service.operations[name];
    if (!operation) throw new ApiError('UnknownOperationException', `${name} is not implemented by this test host`);
    const body = await readJson(request);
    service.calls[name] = (service.calls[name] ?? 0) + 1;
    await operation(body, response);
  } catch (error) {
    sendError(
      response,
      error instanceof ApiError ? error : new ApiError('InternalServerException', String(error), 500),
    );
  }
}

// SigV4 is checked for presence and access key, not recomputed: the hosts have no secret keys.
function authenticate(request: IncomingMessage, accessKeyId: string | undefined): void {
  const credential = /^AWS4-HMAC-SHA256 Credential=([^/]+)\//.exec(String(request.headers['authorization'] ?? ''));
  if (!credential) throw new ApiError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
  if (accessKeyId !== undefined && credential[1] !== accessKeyId) {
    throw new ApiError('UnrecognizedClientException', 'The security token included in the request is invalid.', 400);
  }
}

/** An error answered to the caller in the service's own shape. */
export class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const validation = (message: string) => new ApiError('ValidationException', message);
export const notFound = (message: string, resourceId: string) =>
  new ApiError('ResourceNotFoundException', message, 404, { ResourceId: resourceId });

/** AWS's wording for a member that breaks a constraint; like the service, it echoes the value. */
export function constraintViolation(member: string, value: unknown, constraint: string): ApiError {
  const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
  return validation(
    `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

/** Epoch seconds with milliseconds, the protocol's timestamp format. */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}

export async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError('SerializationException', 'Start of structure or map found where not expected.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ApiError('SerializationException', 'Start of structure or map found where not expected.');
  }
  return parsed as Record<string, unknown>;
}

/** Answer 200 with a body already serialized (records are written by hand to keep BIGINTs exact). */
export function sendRaw(response: ServerResponse, body: string): void {
  response.writeHead(200, {
    'content-type': CONTENT_TYPE,
    'x-amzn-requestid': randomUUID(),
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

export function sendJson(response: ServerResponse, body: unknown): void {
  sendRaw(response, JSON.stringify(body));
}

export function sendError(response: ServerResponse, error: ApiError): void {
  const body = JSON.stringify({ __type: error.type, Message: error.message, ...error.extra });
  response.writeHead(error.status, {
    'content-type': CONTENT_TYPE,
    'x-amzn-requestid': randomUUID(),
    'x-amzn-errortype': error.type,
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

/** A member that must be a string when present. */
export function optionalString(body: Record<string, unknown>, member: string): string | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new ApiError('SerializationException', `STRING_VALUE can not be converted to ${member}`);
  return value;
}

/** A member that must be an integer when present. */
export function optionalInteger(body: Record<string, unknown>, member: string): number | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new ApiError('SerializationException', `NUMBER_VALUE can not be converted to ${member}`);
  return value;
}
