import { createHash, randomBytes } from 'node:crypto';
import { SandboxClock } from '../clock';
import { AckBucketClaim } from './s3AckBuckets';
import {
  invalidArgument,
  noSuchBucket,
  noSuchKey,
  noSuchUpload,
  S3Error,
} from './s3Errors';
import { CompletedPart } from './s3Xml';

/** The largest body one S3 request may carry here (S3's own is 5 GiB): objects live in memory. */
export const MAX_S3_REQUEST_BYTES = 256 * 1024 * 1024;
/** All objects and uploaded parts of the sandbox together (bodies, keys and metadata). */
export const MAX_S3_STORED_BYTES = 2 * 1024 * 1024 * 1024;
/** S3's minimum size of every part of a multipart upload but the last. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PART_NUMBER = 10_000;
const MAX_KEY_BYTES = 1024;
/** S3's bound on the user-defined metadata of an object (names and values, in bytes). */
const MAX_METADATA_BYTES = 2048;
/** S3's rules for general purpose bucket names. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** What S3 keeps with an object besides its bytes. */
export interface S3ObjectAttributes {
  contentType?: string;
  /** `x-amz-meta-*` headers, by lower-case name without the prefix. */
  metadata: Record<string, string>;
  /** Cache-Control, Content-Disposition, Content-Encoding, Content-Language, Expires as given. */
  headers: Record<string, string>;
}

/** A stored object. */
export interface S3Object {
  key: string;
  body: Buffer;
  /** Quoted, as S3 sends it: `"<md5>"`, or `"<md5 of the parts' md5s>-<parts>"`. */
  etag: string;
  lastModifiedMs: number;
  attributes: S3ObjectAttributes;
}

interface UploadedPart {
  body: Buffer;
  /** The part's MD5, hex. */
  md5: string;
}

interface MultipartUpload {
  key: string;
  attributes: S3ObjectAttributes;
  parts: Map<number, UploadedPart>;
}

/**
 * Why a bucket exists: an ACK Bucket object claims it, the sandbox admin made
 * it, or its ACK object is gone but the bucket stays (the object asked to retain
 * it, or it still held objects when ACK's DeleteBucket ran: ACK retries that
 * delete until the bucket is empty).
 */
export type BucketOrigin =
  | { kind: 'ack'; claim: AckBucketClaim }
  | { kind: 'admin' }
  | { kind: 'retained' }
  | { kind: 'deletePending' };

/** A bucket as the admin API lists it. */
export interface S3BucketSummary {
  name: string;
  region: string;
  createdMs: number;
  origin: BucketOrigin['kind'];
  objects: number;
  bytes: number;
}

interface Bucket {
  name: string;
  region: string;
  createdMs: number;
  origin: BucketOrigin;
  objects: Map<string, S3Object>;
  uploads: Map<string, MultipartUpload>;
}

function md5(data: Buffer): Buffer {
  return createHash('md5').update(data).digest();
}

function byteLength(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

function attributesBytes(attributes: S3ObjectAttributes): number {
  return Object.entries(attributes.metadata).reduce(
    (sum, [name, value]) => sum + byteLength(name) + byteLength(value),
    0,
  );
}

/** S3 compares ETags with or without their quotes. */
function unquoted(etag: string): string {
  return etag.replace(/^"(.*)"$/, '$1');
}

/** What an {@link S3State} reads from the rest of the sandbox. */
export interface S3StateOptions {
  clock: SandboxClock;
  /** The ACK Bucket objects' claims, read before every bucket lookup. */
  ackBuckets?: () => AckBucketClaim[];
}

/**
 * The S3 side of the sandbox account: buckets with their objects and
 * multipart uploads, in memory and bounded by {@link MAX_S3_STORED_BYTES}.
 * Buckets come from ACK Bucket objects (see {@link S3State.sync}) or from the
 * sandbox admin.
 */
export class S3State {
  private readonly buckets = new Map<string, Bucket>();
  private storedBytes = 0;

  constructor(private readonly options: S3StateOptions) {}

  /** Creates a bucket the sandbox admin asked for; an existing one is left as it is. */
  createBucket(name: string, region: string): void {
    if (this.buckets.has(name)) return;
    if (!BUCKET_NAME.test(name)) {
      throw new S3Error(
        400,
        'InvalidBucketName',
        'The specified bucket is not valid.',
        { BucketName: name },
      );
    }
    this.add(name, region, { kind: 'admin' });
  }

  /** Deletes an empty bucket, as DeleteBucket does (BucketNotEmpty otherwise). */
  deleteBucket(name: string): void {
    const bucket = this.bucket(name);
    if (bucket.objects.size > 0) {
      throw new S3Error(
        409,
        'BucketNotEmpty',
        'The bucket you tried to delete is not empty',
        { BucketName: name },
      );
    }
    this.remove(bucket);
  }

  /** The region a bucket lives in; NoSuchBucket when there is none. */
  regionOf(name: string): string {
    return this.bucket(name).region;
  }

  summaries(): S3BucketSummary[] {
    this.sync();
    return [...this.buckets.values()]
      .map(b => ({
        name: b.name,
        region: b.region,
        createdMs: b.createdMs,
        origin: b.origin.kind,
        objects: b.objects.size,
        bytes: [...b.objects.values()].reduce(
          (sum, o) => sum + o.body.length,
          0,
        ),
      }))
      .sort((a, b) => (a.name < b.name ? -1 : Number(a.name > b.name)));
  }

  putObject(
    bucketName: string,
    key: string,
    body: Buffer,
    attributes: S3ObjectAttributes,
  ): S3Object {
    const bucket = this.bucket(bucketName);
    checkKey(key);
    checkMetadata(attributes);
    return this.store(bucket, {
      key,
      body,
      etag: `"${md5(body).toString('hex')}"`,
      lastModifiedMs: this.options.clock.nowMs(),
      attributes,
    });
  }

  getObject(bucketName: string, key: string): S3Object {
    const object = this.bucket(bucketName).objects.get(key);
    if (!object) throw noSuchKey(key);
    return object;
  }

  /** Deletes an object; a missing key is no error, as in S3. */
  deleteObject(bucketName: string, key: string): void {
    const bucket = this.bucket(bucketName);
    const object = bucket.objects.get(key);
    if (!object) return;
    bucket.objects.delete(key);
    this.storedBytes -= objectBytes(object);
  }

  /** The bucket's objects in S3's order: by the UTF-8 bytes of their keys. */
  sortedObjects(bucketName: string): S3Object[] {
    return [...this.bucket(bucketName).objects.values()].sort((a, b) =>
      Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)),
    );
  }

  createMultipartUpload(
    bucketName: string,
    key: string,
    attributes: S3ObjectAttributes,
  ): string {
    const bucket = this.bucket(bucketName);
    checkKey(key);
    checkMetadata(attributes);
    const uploadId = randomBytes(32).toString('base64url');
    this.reserve(byteLength(key) + attributesBytes(attributes));
    bucket.uploads.set(uploadId, { key, attributes, parts: new Map() });
    return uploadId;
  }

  /** Stores a part (replacing one of the same number) and returns its quoted ETag. */
  uploadPart(
    bucketName: string,
    key: string,
    uploadId: string,
    partNumber: number,
    body: Buffer,
  ): string {
    const upload = this.upload(bucketName, key, uploadId);
    if (
      !Number.isInteger(partNumber) ||
      partNumber < 1 ||
      partNumber > MAX_PART_NUMBER
    ) {
      throw invalidArgument(
        `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`,
        'partNumber',
        String(partNumber),
      );
    }
    this.reserve(
      body.length - (upload.parts.get(partNumber)?.body.length ?? 0),
    );
    const part = { body, md5: md5(body).toString('hex') };
    upload.parts.set(partNumber, part);
    return `"${part.md5}"`;
  }

  /**
   * Assembles the listed parts into the object, as S3 does: ascending part
   * numbers, each uploaded with that ETag, every part but the last at least
   * 5 MiB. The ETag is the MD5 of the parts' MD5s, with the part count.
   */
  completeMultipartUpload(
    bucketName: string,
    key: string,
    uploadId: string,
    listed: CompletedPart[],
  ): S3Object {
    const bucket = this.bucket(bucketName);
    const upload = this.upload(bucketName, key, uploadId);
    const parts = listed.map((entry, index) => {
      if (index > 0 && entry.partNumber <= listed[index - 1].partNumber) {
        throw new S3Error(
          400,
          'InvalidPartOrder',
          'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
          { UploadId: uploadId },
        );
      }
      const part = upload.parts.get(entry.partNumber);
      if (!part || unquoted(entry.etag) !== part.md5) {
        throw new S3Error(
          400,
          'InvalidPart',
          "One or more of the specified parts could not be found. The part might not have been uploaded, or the specified entity tag might not have matched the part's entity tag.",
          {
            UploadId: uploadId,
            PartNumber: entry.partNumber,
            ETag: entry.etag,
          },
        );
      }
      return { ...entry, part };
    });
    parts.slice(0, -1).forEach(({ partNumber, part }) => {
      if (part.body.length < MIN_PART_BYTES) {
        throw new S3Error(
          400,
          'EntityTooSmall',
          'Your proposed upload is smaller than the minimum allowed object size.',
          {
            ProposedSize: part.body.length,
            MinSizeAllowed: MIN_PART_BYTES,
            PartNumber: partNumber,
            ETag: `"${part.md5}"`,
          },
        );
      }
    });
    const digests = Buffer.concat(
      parts.map(p => Buffer.from(p.part.md5, 'hex')),
    );
    const object: S3Object = {
      key,
      body: Buffer.concat(parts.map(p => p.part.body)),
      etag: `"${md5(digests).toString('hex')}-${parts.length}"`,
      lastModifiedMs: this.options.clock.nowMs(),
      attributes: upload.attributes,
    };
    // The parts' bytes become the object's: release them first so a full
    // sandbox can still complete an upload it accepted the parts of.
    bucket.uploads.delete(uploadId);
    this.dropUpload(upload);
    return this.store(bucket, object);
  }

  abortMultipartUpload(
    bucketName: string,
    key: string,
    uploadId: string,
  ): void {
    const upload = this.upload(bucketName, key, uploadId);
    this.bucket(bucketName).uploads.delete(uploadId);
    this.dropUpload(upload);
  }

  /**
   * Brings the buckets in line with the ACK Bucket objects, as ACK's
   * controller would have by now: a claimed bucket exists; an unclaimed one
   * that ACK made is deleted when empty and its policy is `delete`, kept
   * otherwise (and deleted later, once emptied, unless retained). The sandbox
   * calls it on every Kubernetes change; lookups call it too.
   */
  sync(): void {
    const claims = this.options.ackBuckets?.() ?? [];
    const claimed = new Set<string>();
    for (const claim of claims) {
      if (!BUCKET_NAME.test(claim.bucket)) continue;
      claimed.add(claim.bucket);
      const bucket = this.buckets.get(claim.bucket);
      if (bucket) bucket.origin = { kind: 'ack', claim };
      else this.add(claim.bucket, claim.region, { kind: 'ack', claim });
    }
    for (const bucket of [...this.buckets.values()]) {
      if (claimed.has(bucket.name)) continue;
      const { origin } = bucket;
      if (origin.kind === 'ack' && origin.claim.deletionPolicy === 'retain') {
        bucket.origin = { kind: 'retained' };
      } else if (origin.kind === 'ack' || origin.kind === 'deletePending') {
        if (bucket.objects.size === 0) this.remove(bucket);
        else bucket.origin = { kind: 'deletePending' };
      }
    }
  }

  private add(name: string, region: string, origin: BucketOrigin): void {
    this.buckets.set(name, {
      name,
      region,
      createdMs: this.options.clock.nowMs(),
      origin,
      objects: new Map(),
      uploads: new Map(),
    });
  }

  private remove(bucket: Bucket): void {
    for (const upload of bucket.uploads.values()) this.dropUpload(upload);
    this.buckets.delete(bucket.name);
  }

  private bucket(name: string): Bucket {
    this.sync();
    const bucket = this.buckets.get(name);
    if (!bucket) throw noSuchBucket(name);
    return bucket;
  }

  private upload(
    bucketName: string,
    key: string,
    uploadId: string,
  ): MultipartUpload {
    const upload = this.bucket(bucketName).uploads.get(uploadId);
    if (!upload || upload.key !== key) throw noSuchUpload(uploadId);
    return upload;
  }

  private store(bucket: Bucket, object: S3Object): S3Object {
    const previous = bucket.objects.get(object.key);
    this.reserve(objectBytes(object) - (previous ? objectBytes(previous) : 0));
    bucket.objects.set(object.key, object);
    return object;
  }

  private dropUpload(upload: MultipartUpload): void {
    this.storedBytes -=
      byteLength(upload.key) +
      attributesBytes(upload.attributes) +
      [...upload.parts.values()].reduce((sum, p) => sum + p.body.length, 0);
  }

  private reserve(bytes: number): void {
    if (this.storedBytes + bytes > MAX_S3_STORED_BYTES) {
      throw new S3Error(
        400,
        'EntityTooLarge',
        `The sandbox keeps at most ${MAX_S3_STORED_BYTES} bytes of S3 data in memory and ${this.storedBytes} are in use: delete objects or abort uploads first`,
        {
          ProposedSize: bytes,
          MaxSizeAllowed: MAX_S3_STORED_BYTES - this.storedBytes,
        },
      );
    }
    this.storedBytes += bytes;
  }
}

function objectBytes(object: S3Object): number {
  return (
    object.body.length +
    byteLength(object.key) +
    attributesBytes(object.attributes)
  );
}

function checkKey(key: string): void {
  if (key === '') {
    throw invalidArgument('Key must not be empty', 'key', key);
  }
  if (byteLength(key) > MAX_KEY_BYTES) {
    throw new S3Error(400, 'KeyTooLongError', 'Your key is too long', {
      Size: byteLength(key),
      MaxSizeAllowed: MAX_KEY_BYTES,
    });
  }
}

function checkMetadata(attributes: S3ObjectAttributes): void {
  const size = attributesBytes(attributes);
  if (size > MAX_METADATA_BYTES) {
    throw new S3Error(
      400,
      'MetadataTooLarge',
      'Your metadata headers exceed the maximum allowed metadata size.',
      { Size: size, MaxSizeAllowed: MAX_METADATA_BYTES },
    );
  }
}
