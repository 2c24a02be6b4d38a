import { describe, expect, it } from 'vitest';
import { parseS3Uri, readS3Uri, s3ObjectKey, s3Prefix, s3Uri } from '../../../src/aws/s3-uri.js';

describe('S3 URIs', () => {
  it('read a setting as a bucket and a folder-shaped prefix, or not at all', () => {
    expect(parseS3Uri(' s3://my-bucket//a/b ')).toEqual({ bucket: 'my-bucket', prefix: 'a/b/' });
    expect(parseS3Uri('s3://my-bucket/a/b/')).toEqual({ bucket: 'my-bucket', prefix: 'a/b/' });
    expect(parseS3Uri('s3://my-bucket')).toEqual({ bucket: 'my-bucket', prefix: '' });
    expect(parseS3Uri('s3://My_Bucket/a')).toBeUndefined();
    expect(parseS3Uri('https://my-bucket/a')).toBeUndefined();
  });

  it('read strictly: the same shape, and a reason for every mistake', () => {
    expect(readS3Uri('s3://my-bucket/lake/bronze')).toEqual({ bucket: 'my-bucket', prefix: 'lake/bronze/' });
    expect(readS3Uri('s3://my-bucket')).toEqual({ bucket: 'my-bucket', prefix: '' });
    expect(() => readS3Uri('file:///tmp/lake', 'an S3 destination')).toThrow(
      "an S3 destination must look like s3://bucket/prefix, got 'file:///tmp/lake'",
    );
    expect(() => readS3Uri('s3://Not_A_Bucket/x')).toThrow("'Not_A_Bucket' in 's3://Not_A_Bucket/x' is not a valid");
    expect(() => readS3Uri('s3://b-1/a//b')).toThrow("may not contain empty, '.' or '..' segments");
    expect(() => readS3Uri('s3://b-1/a/../b')).toThrow("may not contain empty, '.' or '..' segments");
    expect(() => readS3Uri('s3://b-1/a\\b')).toThrow('uses forward slashes');
    expect(() => readS3Uri('s3://b-1/a\tb')).toThrow('control characters');
  });

  it('build keys and URIs from the same shape', () => {
    expect(s3Prefix('/lake/bronze/')).toBe('lake/bronze/');
    expect(s3Prefix('')).toBe('');
    expect(s3ObjectKey('lake/', 'orders/x.jsonl.gz')).toBe('lake/orders/x.jsonl.gz');
    expect(s3ObjectKey('', 'a/b.json')).toBe('a/b.json');
    expect(() => s3ObjectKey('lake/', '/etc/passwd')).toThrow('must be relative');
    expect(() => s3ObjectKey('lake/', 'a/../../b')).toThrow("'..' segments");
    expect(s3Uri({ bucket: 'b-1', prefix: 'a/b/' })).toBe('s3://b-1/a/b/');
    expect(s3Uri(parseS3Uri('s3://b-1')!)).toBe('s3://b-1/');
  });
});
