/**
 * The commit feed of a lake on S3 (`s3://bucket/prefix`): the records are objects under
 * `<prefix>.strata-feed/`, listed with a delimiter so a folder's names come back like a
 * local `readdir`. S3 lists and reads with strong consistency, so a listing shows every
 * record written before it began, as the reader's chain argument needs.
 */
import { GetObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { readS3Uri, type S3Location } from '../aws/s3-uri.js';
import type { FeedStore } from './feed-store.js';

export class S3FeedStore implements FeedStore {
  private readonly location: S3Location;

  constructor(
    readonly url: string,
    private readonly client: S3Client,
  ) {
    this.location = readS3Uri(url, 'the lake of the commit feed');
  }

  async list(folder: string): Promise<string[]> {
    const prefix = `${this.location.prefix}${folder}/`;
    const names: string[] = [];
    const pages = paginateListObjectsV2(
      { client: this.client },
      { Bucket: this.location.bucket, Prefix: prefix, Delimiter: '/' },
    );
    for await (const page of pages) {
      for (const common of page.CommonPrefixes ?? []) names.push(common.Prefix!.slice(prefix.length, -1));
      for (const object of page.Contents ?? []) names.push(object.Key!.slice(prefix.length));
    }
    return names;
  }

  async read(path: string): Promise<string> {
    const answer = await this.client.send(
      new GetObjectCommand({ Bucket: this.location.bucket, Key: `${this.location.prefix}${path}` }),
    );
    return (await answer.Body?.transformToString('utf8')) ?? '';
  }
}
