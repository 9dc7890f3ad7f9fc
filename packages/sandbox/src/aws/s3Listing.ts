import { S3Object } from './s3State';

/**
 * One page of a bucket listing as S3 builds it (ListObjects and
 * ListObjectsV2): keys in UTF-8 byte order after a marker, those under the
 * prefix, keys that contain the delimiter past the prefix rolled up into
 * common prefixes, keys and common prefixes together at most `maxKeys`.
 */

export interface ListingQuery {
  prefix: string;
  delimiter?: string;
  maxKeys: number;
  /** List what sorts after this key or common prefix (exclusive). */
  after?: string;
}

export interface Listing {
  objects: S3Object[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix of the page: where the next page starts after. */
  last?: string;
}

function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** A page of `sorted` (objects in UTF-8 key order) for the query. */
export function listObjects(sorted: S3Object[], query: ListingQuery): Listing {
  const { prefix, delimiter, maxKeys, after } = query;
  const listing: Listing = {
    objects: [],
    commonPrefixes: [],
    isTruncated: false,
  };
  const isPast = (entry: string) =>
    after === undefined || compareUtf8(entry, after) > 0;
  for (const object of sorted) {
    if (!object.key.startsWith(prefix) || !isPast(object.key)) continue;
    const cut = delimiter ? object.key.indexOf(delimiter, prefix.length) : -1;
    const commonPrefix =
      cut < 0 ? undefined : object.key.slice(0, cut + delimiter!.length);
    if (
      commonPrefix !== undefined &&
      (commonPrefix === listing.last || !isPast(commonPrefix))
    ) {
      continue;
    }
    if (listing.objects.length + listing.commonPrefixes.length >= maxKeys) {
      listing.isTruncated = true;
      break;
    }
    if (commonPrefix === undefined) {
      listing.objects.push(object);
      listing.last = object.key;
    } else {
      listing.commonPrefixes.push(commonPrefix);
      listing.last = commonPrefix;
    }
  }
  return listing;
}
