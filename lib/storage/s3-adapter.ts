import "server-only";
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ByteRange, StorageAdapter, StoredObject } from "./media-storage";

export type S3Config = {
  endpoint: string | null;
  region: string;
  bucket: string;
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
  forcePathStyle: boolean;
};

/**
 * Media in any S3-compatible store (AWS S3, Cloudflare R2, MinIO…). Puts stream as multipart uploads
 * (lib-storage): parts of 8 MB, four in flight, so memory stays bounded; a failed stream aborts the upload.
 */
export class S3Adapter implements StorageAdapter {
  readonly driver = "s3" as const;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(config: S3Config) {
    this.bucket = config.bucket;
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint ?? undefined,
      forcePathStyle: config.forcePathStyle,
      credentials: config.credentials ?? undefined,
      // Stores other than AWS (and s3rver) do not all accept the newer default checksums.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  /**
   * A stream that fails aborts the multipart upload, so no object appears. (A store that cannot abort, like
   * s3rver, keeps the parts as an unfinished upload, never as an object; on S3, a lifecycle rule
   * AbortIncompleteMultipartUpload clears those: docs/operations.md.)
   */
  async write(key: string, body: Readable, contentType: string): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
      partSize: 8 * 1024 * 1024,
      queueSize: 4,
    });
    await upload.done();
  }

  async open(key: string, range?: ByteRange): Promise<Readable | null> {
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
      );
      const body = answer.Body as Readable;
      if (!range) return body;
      // Exactly the bytes asked for, even from a store that ignores the range or reads "0-0" as "0-" (s3rver does).
      const served = /^bytes (\d+)-/.exec(answer.ContentRange ?? "");
      const skip = range.start - (served ? Number(served[1]) : 0);
      const length = range.end - range.start + 1;
      if (skip === 0 && answer.ContentLength === length) return body;
      const sliced = slice(skip, length);
      pipeline(body, sliced).catch(() => undefined); // errors reach the reader through `sliced`
      return sliced;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async copyRange(key: string, range: ByteRange, write: (chunk: Buffer) => Promise<void>): Promise<boolean> {
    const body = await this.open(key, range);
    if (!body) return false;
    for await (const chunk of body) await write(chunk as Buffer);
    return true;
  }

  async readRange(key: string, range: ByteRange): Promise<Buffer | null> {
    const body = await this.open(key, range);
    if (!body) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async head(key: string): Promise<StoredObject | null> {
    try {
      const answer = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: answer.ContentLength ?? 0, lastModified: answer.LastModified ?? new Date(0) };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async deletePrefix(prefix: string): Promise<void> {
    let continuationToken: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: continuationToken }));
      const keys = (page.Contents ?? []).flatMap((item) => (item.Key ? [{ Key: item.Key }] : []));
      if (keys.length > 0) await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys, Quiet: true } }));
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
  }

  async check(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: continuationToken }));
      for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
    return keys.sort();
  }

  presignedUrl(key: string, seconds: number): Promise<string> {
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: seconds });
  }
}

/** A pass-through of `length` bytes after the first `skip`; what comes after is dropped. */
function slice(skip: number, length: number): Transform {
  let position = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const from = Math.max(0, skip - position);
      const to = Math.min(chunk.length, skip + length - position);
      position += chunk.length;
      callback(null, from < to ? chunk.subarray(from, to) : undefined);
    },
  });
}

function isMissing(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  return error.$metadata.httpStatusCode === 404 || error.name === "NoSuchKey" || error.name === "NotFound";
}
