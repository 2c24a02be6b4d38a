/**
 * The SDK client every Kinesis caller here builds the same way: the configured region (else
 * the environment's), an optional endpoint (a local server in tests), five attempts, and the
 * HTTP handler the caller's calls need (HTTP/1.1 for the polling calls, HTTP/2 for
 * SubscribeToShard). Credentials come from the SDK's default chain.
 */
import { KinesisClient, type KinesisClientConfig } from '@aws-sdk/client-kinesis';

/** Where to reach Kinesis: a region (else `AWS_REGION` / `AWS_DEFAULT_REGION`) and an optional endpoint. */
export interface KinesisLocation {
  region?: string | undefined;
  endpoint?: string | undefined;
}

/** A Kinesis client for `location` speaking through `requestHandler`. */
export function kinesisClient(
  location: KinesisLocation,
  requestHandler: KinesisClientConfig['requestHandler'],
): KinesisClient {
  const region = location.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  return new KinesisClient({
    ...(region ? { region } : {}),
    ...(location.endpoint ? { endpoint: location.endpoint } : {}),
    requestHandler,
    maxAttempts: 5,
  });
}
