/**
 * S3's errors: thrown by the S3 state and router, answered as S3's
 * `<Error><Code/><Message/>…<RequestId/><HostId/></Error>` document.
 */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The extra elements S3 adds for this code, e.g. `BucketName`, `Key`, `UploadId`. */
    readonly fields: Record<string, string | number> = {},
    /** Headers S3 sends with this error, e.g. `x-amz-bucket-region`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = code;
  }
}

export function noSuchBucket(bucket: string): S3Error {
  return new S3Error(
    404,
    'NoSuchBucket',
    'The specified bucket does not exist',
    {
      BucketName: bucket,
    },
  );
}

export function noSuchKey(key: string): S3Error {
  return new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', {
    Key: key,
  });
}

export function noSuchUpload(uploadId: string): S3Error {
  return new S3Error(
    404,
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    { UploadId: uploadId },
  );
}

export function invalidArgument(
  message: string,
  name: string,
  value: string,
): S3Error {
  return new S3Error(400, 'InvalidArgument', message, {
    ArgumentName: name,
    ArgumentValue: value,
  });
}

/** What S3 answers for a request it has no emulation of here. */
export function notImplemented(what: string): S3Error {
  return new S3Error(
    501,
    'NotImplemented',
    `A header or query you provided implies functionality that is not implemented: the sandbox's S3 does not emulate ${what}`,
  );
}

export function entityTooLarge(proposed: number, max: number): S3Error {
  return new S3Error(
    400,
    'EntityTooLarge',
    'Your proposed upload exceeds the maximum allowed size',
    { ProposedSize: proposed, MaxSizeAllowed: max },
  );
}
