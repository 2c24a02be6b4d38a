/**
 * The feed store of a lake root as the watcher finds it in a source's `external` location:
 * a local folder, or `s3://bucket/prefix` read with an S3 client set up like the target's
 * own (an Athena target's region and `s3_endpoint`; otherwise the AWS SDK's default chain,
 * which also reads `AWS_REGION` and `AWS_ENDPOINT_URL_S3`).
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { TargetConfig } from '../adapters/contract.js';
import { readAthenaOptions } from '../adapters/athena/athena-settings.js';
import { LocalFeedStore, type FeedStore } from './feed-store.js';
import { S3FeedStore } from './s3-feed-store.js';

/** A lake root is on S3 when it is an `s3://` URI. */
export function isS3Root(root: string): boolean {
  return root.startsWith('s3://');
}

/** A feed store reading `root`, and how to let go of its client. */
export function openFeedStore(root: string, target: TargetConfig): { store: FeedStore; close(): void } {
  if (!isS3Root(root)) return { store: new LocalFeedStore(root), close: () => undefined };
  const client = new S3Client({ ...s3ClientSettings(target), maxAttempts: 5, retryMode: 'standard' });
  return { store: new S3FeedStore(root, client), close: () => client.destroy() };
}

function s3ClientSettings(target: TargetConfig): { region?: string; endpoint?: string; forcePathStyle?: boolean } {
  if (target.type !== 'athena') return {};
  const { region, endpoints } = readAthenaOptions(target);
  return {
    ...(region ? { region } : {}),
    // a custom endpoint (a VPC endpoint, a local S3) is addressed by path, as the adapter does
    ...(endpoints.s3 ? { endpoint: endpoints.s3, forcePathStyle: true } : {}),
  };
}
