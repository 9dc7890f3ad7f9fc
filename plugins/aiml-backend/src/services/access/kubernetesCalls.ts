import { errorFields } from './describeError';
import {
  DEFAULT_KUBERNETES_RETRY,
  isRetryableKubernetesError,
  RetryOptions,
  withRetry,
} from './retry';

/** The HTTP status of a Kubernetes client error. */
export function kubernetesStatus(error: unknown): number | undefined {
  const { code } = errorFields(error);
  return typeof code === 'number' ? code : undefined;
}

/** Runs a call, answering undefined for the given HTTP statuses (404: already gone). */
export async function ignoring<T>(
  codes: number[],
  call: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (codes.includes(kubernetesStatus(error) ?? -1)) return undefined;
    throw error;
  }
}

/** Kubernetes calls of the broker, retried on throttling, 5xx, conflicts and dropped connections. */
export class KubernetesCalls {
  constructor(
    private readonly retry: RetryOptions = DEFAULT_KUBERNETES_RETRY,
  ) {}

  retrying<T>(call: () => Promise<T>): Promise<T> {
    return withRetry(call, this.retry, isRetryableKubernetesError);
  }
}

/**
 * Creates one object of a grant. Its name holds the grant's random id, so an object
 * of that name is the grant's own: a 409 whose object is there (an earlier attempt
 * whose answer was lost, or a concurrent writer) is success; a 409 whose object is not
 * there applied nothing and is tried again, like throttling and 5xx.
 */
export async function createOwn(
  calls: KubernetesCalls,
  create: () => Promise<unknown>,
  read: () => Promise<unknown>,
): Promise<void> {
  await calls.retrying(async () => {
    try {
      await create();
    } catch (error) {
      if (kubernetesStatus(error) !== 409) throw error;
      if ((await ignoring([404], read)) === undefined) throw error;
    }
  });
}
