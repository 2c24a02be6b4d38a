import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { s3Uri, type S3Location } from '../../aws/s3-uri.js';

/** The S3 side of Athena tables: deleting a table's old data, uploading a seed's CSV. */
export class AthenaS3 {
  constructor(private readonly client: S3Client) {}

  /**
   * Delete every object under a prefix (a table's or a partition's data), except those
   * under a `keep` prefix (data still in use that sits below it). Returns how many went.
   */
  async deletePrefix(location: S3Location, keep: readonly S3Location[] = []): Promise<number> {
    // An empty prefix would be the whole bucket: never what a table's location means.
    if (location.prefix === '') throw new Error(`refusing to delete the whole bucket ${location.bucket}`);
    const kept = keep.filter((k) => k.bucket === location.bucket).map((k) => k.prefix);
    let deleted = 0;
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: location.bucket, Prefix: location.prefix, ContinuationToken: token }),
      );
      const keys = (page.Contents ?? [])
        .filter((o) => !kept.some((prefix) => o.Key!.startsWith(prefix)))
        .map((o) => ({ Key: o.Key! }));
      if (keys.length > 0) {
        const answer = await this.client.send(
          new DeleteObjectsCommand({ Bucket: location.bucket, Delete: { Objects: keys, Quiet: true } }),
        );
        // DeleteObjects answers 200 with per-key failures (AccessDenied, ...): left files would come back as rows.
        const failed = answer.Errors ?? [];
        if (failed.length > 0) {
          const first = `${failed[0]!.Key}: ${failed[0]!.Code} ${failed[0]!.Message ?? ''}`.trim();
          throw new Error(`could not delete ${failed.length} object(s) under ${s3Uri(location)}, the first ${first}`);
        }
        deleted += keys.length;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return deleted;
  }

  async putText(location: S3Location, fileName: string, body: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: location.bucket, Key: `${location.prefix}${fileName}`, Body: body }),
    );
  }
}
