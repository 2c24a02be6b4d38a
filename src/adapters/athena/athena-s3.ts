import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { S3Location } from './athena-settings.js';

/** The S3 side of Athena tables: deleting a table's old data, uploading a seed's CSV. */
export class AthenaS3 {
  constructor(private readonly client: S3Client) {}

  /** Delete every object under a prefix (a table's or a partition's data). Returns how many went. */
  async deletePrefix(location: S3Location): Promise<number> {
    // An empty prefix would be the whole bucket: never what a table's location means.
    if (location.prefix === '') throw new Error(`refusing to delete the whole bucket ${location.bucket}`);
    let deleted = 0;
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: location.bucket, Prefix: location.prefix, ContinuationToken: token }));
      const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
      if (keys.length > 0) {
        await this.client.send(new DeleteObjectsCommand({ Bucket: location.bucket, Delete: { Objects: keys, Quiet: true } }));
        deleted += keys.length;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return deleted;
  }

  async putText(location: S3Location, fileName: string, body: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: location.bucket, Key: `${location.prefix}${fileName}`, Body: body }));
  }
}
