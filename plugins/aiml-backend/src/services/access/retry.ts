import { errorFields } from './describeError';

const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'ServerException',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalServerError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);

/**
 * Whether an AWS SDK error is worth another try: throttling, 5xx, timeouts and
 * dropped connections. Client errors (4xx other than 429) are not.
 *
 * @public
 */
export function isRetryableAwsError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { name, code, message, $metadata, $retryable } = errorFields(error);
  const status = $metadata?.httpStatusCode;
  if (status === 429 || (typeof status === 'number' && status >= 500))
    return true;
  if (RETRYABLE_NAMES.has(String(name))) return true;
  if (RETRYABLE_CODES.has(String(code))) return true;
  if ($retryable) return true;
  // A connection dropped mid-answer surfaces without a status.
  return (
    status === undefined && /socket hang up|ECONNRESET/.test(String(message))
  );
}

/**
 * Whether a failed Kubernetes API call is worth another try: throttling (429), 5xx,
 * optimistic-concurrency conflicts (409: every call the broker retries is idempotent or
 * resolves its 409 first) and dropped connections. Other client errors are not.
 *
 * @public
 */
export function isRetryableKubernetesError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, message } = errorFields(error);
  if (typeof code === 'number') {
    return code === 409 || code === 429 || code >= 500;
  }
  return (
    RETRYABLE_CODES.has(String(code)) ||
    /socket hang up|ECONNRESET/.test(String(message))
  );
}

/**
 * How many times and how patiently to retry.
 *
 * @public
 */
export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Backoff before the second attempt; doubles each time, half of it random. */
  baseDelayMs: number;
  /** Longest wait between two attempts. */
  maxDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * EKS calls: six attempts, 0.1–3 s apart (at most 6 s of waiting in all), on top of
 * the SDK client's own retries.
 *
 * @public
 */
export const DEFAULT_EKS_RETRY: RetryOptions = {
  attempts: 6,
  baseDelayMs: 200,
  maxDelayMs: 3000,
};

/**
 * Kubernetes calls of a grant: four attempts, 0.1–1 s apart (at most 1.4 s of waiting).
 *
 * @public
 */
export const DEFAULT_KUBERNETES_RETRY: RetryOptions = {
  attempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 1000,
};

/**
 * Runs `call`, retrying retryable failures with exponential backoff (half of
 * it random), at most `attempts` times; the last failure is thrown as is.
 *
 * @public
 */
export async function withRetry<T>(
  call: () => Promise<T>,
  options: RetryOptions = DEFAULT_EKS_RETRY,
  retryable: (error: unknown) => boolean = isRetryableAwsError,
): Promise<T> {
  const sleep =
    options.sleep ??
    ((ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= options.attempts || !retryable(error)) throw error;
      const cap = Math.min(
        options.maxDelayMs,
        options.baseDelayMs * 2 ** (attempt - 1),
      );
      await sleep(Math.floor(cap / 2 + (random() * cap) / 2));
    }
  }
}
