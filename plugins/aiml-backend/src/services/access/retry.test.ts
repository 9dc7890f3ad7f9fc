import {
  isRetryableAwsError,
  isRetryableKubernetesError,
  withRetry,
} from './retry';

const awsError = (name: string, status?: number) =>
  Object.assign(new Error(name), {
    name,
    $metadata: { httpStatusCode: status },
  });

describe('isRetryableAwsError', () => {
  it.each([
    [awsError('ThrottlingException', 429), true],
    [awsError('TooManyRequestsException', 429), true],
    [awsError('ServerException', 500), true],
    [awsError('ServiceUnavailableException', 503), true],
    [awsError('SomethingNew', 502), true],
    [awsError('TimeoutError'), true],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), true],
    [awsError('InvalidParameterException', 400), false],
    [awsError('ResourceNotFoundException', 404), false],
    [awsError('ResourceInUseException', 409), false],
    [awsError('AccessDeniedException', 403), false],
    [undefined, false],
  ])('%p → %p', (error, expected) => {
    expect(isRetryableAwsError(error)).toBe(expected);
  });
});

describe('isRetryableKubernetesError', () => {
  const kubeError = (code: number) =>
    Object.assign(new Error(`HTTP-Code: ${code}`), { code });
  it.each([
    [kubeError(429), true],
    [kubeError(500), true],
    [kubeError(503), true],
    [kubeError(409), true],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), true],
    [
      Object.assign(new Error('connect failed'), { code: 'ECONNREFUSED' }),
      true,
    ],
    [kubeError(400), false],
    [kubeError(401), false],
    [kubeError(403), false],
    [kubeError(404), false],
    [kubeError(422), false],
    [new Error('something else'), false],
    [undefined, false],
  ])('%p → %p', (error, expected) => {
    expect(isRetryableKubernetesError(error)).toBe(expected);
  });
});

describe('withRetry', () => {
  const options = { attempts: 4, baseDelayMs: 100, maxDelayMs: 250 };

  it('retries throttling with growing, bounded backoff until the call succeeds', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 4) throw awsError('ThrottlingException', 429);
        return 'ok';
      },
      { ...options, sleep: async ms => void waits.push(ms), random: () => 1 },
    );
    expect(result).toBe('ok');
    expect(waits).toEqual([100, 200, 250]);
  });

  it('gives up after the last attempt with the last error', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw awsError('ServerException', 500);
        },
        { ...options, sleep: async () => {} },
      ),
    ).rejects.toThrow('ServerException');
    expect(calls).toBe(4);
  });

  it('does not retry client errors', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw awsError('InvalidParameterException', 400);
        },
        { ...options, sleep: async () => {} },
      ),
    ).rejects.toThrow('InvalidParameterException');
    expect(calls).toBe(1);
  });
});
