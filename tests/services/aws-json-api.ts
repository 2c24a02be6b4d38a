import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

/**
 * The AWS JSON 1.1 protocol as the Data API speaks it: `POST /` with
 * `X-Amz-Target: RedshiftData.<Operation>`, JSON bodies, timestamps as epoch seconds,
 * errors as `{ "__type": "<Name>", "Message": "..." }` with the HTTP status of the
 * error's shape (400 client, 404 not found, 500 server).
 */

export const CONTENT_TYPE = 'application/x-amz-json-1.1';
export const TARGET_PREFIX = 'RedshiftData.';

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
  return validation(`1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`);
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
  response.writeHead(200, { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': randomUUID(), 'content-length': Buffer.byteLength(body) });
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
  if (typeof value !== 'string') throw new ApiError('SerializationException', `STRING_VALUE can not be converted to ${member}`);
  return value;
}

/** A member that must be an integer when present. */
export function optionalInteger(body: Record<string, unknown>, member: string): number | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new ApiError('SerializationException', `NUMBER_VALUE can not be converted to ${member}`);
  return value;
}
