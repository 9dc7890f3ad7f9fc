/**
 * An EKS API error: thrown by the EKS state and answered by the restJson1
 * router as `x-amzn-errortype: <type>` with `{"message": ...}`.
 */
export class EksApiError extends Error {
  constructor(readonly status: number, readonly type: string, message: string) {
    super(message);
    this.name = type;
  }
}

/** 400 InvalidParameterException: a parameter EKS refuses. */
export function invalidParameter(message: string): EksApiError {
  return new EksApiError(400, 'InvalidParameterException', message);
}

/** 404 ResourceNotFoundException. */
export function notFound(message: string): EksApiError {
  return new EksApiError(404, 'ResourceNotFoundException', message);
}
