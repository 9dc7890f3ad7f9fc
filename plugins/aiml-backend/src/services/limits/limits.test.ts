import { mockServices } from '@backstage/backend-test-utils';

const config = (data: object) => mockServices.rootConfig({ data });
import { ColdWindowLimiter } from './coldWindowLimiter';
import { readAimlLimits } from './readLimits';
import { RequestRateLimiter } from './requestRateLimiter';
import { TooManyRequestsError } from './TooManyRequestsError';

describe('RequestRateLimiter', () => {
  it('lets `limit` requests a minute through, then answers 429 with when to retry', () => {
    let now = 0;
    const limiter = new RequestRateLimiter({
      limit: 10,
      windowMs: 60_000,
      describe: s => `retry in ${s} s`,
      now: () => now,
    });
    for (let i = 0; i < 10; i++) {
      limiter.take('user:default/maya');
      now += 1000;
    }
    let error: any;
    try {
      limiter.take('user:default/maya');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect(error.statusCode).toBe(429);
    // The first request (t=0) leaves the window at t=60 s; it is t=10 s.
    expect(error.retryAfterSeconds).toBe(50);
    expect(error.message).toBe('retry in 50 s');
    // Others are not affected; the refused request was not counted.
    limiter.take('user:default/omar');
    now = 60_001;
    limiter.take('user:default/maya');
  });

  it('never refuses a person clicking around (one request every 7 s)', () => {
    let now = 0;
    const limiter = new RequestRateLimiter({
      limit: 10,
      windowMs: 60_000,
      describe: () => '',
      now: () => now,
    });
    let refused = 0;
    for (let i = 0; i < 100; i++, now += 7000) {
      try {
        limiter.take('user:default/maya');
      } catch {
        refused++;
      }
    }
    expect(refused).toBe(0);
  });
});

describe('ColdWindowLimiter', () => {
  it('bounds distinct windows in flight per caller, not requests for one window', () => {
    const limiter = new ColdWindowLimiter({ max: 3 });
    const held = ['a', 'b', 'c'].map(w => limiter.enter('maya', w));
    // The same window again: shares the computation.
    const again = limiter.enter('maya', 'a');
    expect(() => limiter.enter('maya', 'd')).toThrow(
      /aiml\.usage\.maxColdWindowsPerUser is 3/,
    );
    // Another caller has a bound of their own.
    limiter.enter('omar', 'd')();
    held[1]();
    held[1](); // releasing twice changes nothing
    limiter.enter('maya', 'd')();
    again();
    held[0]();
    held[2]();
    expect(limiter.heldBy('maya')).toBe(0);
  });

  it('answers 429 with a Retry-After', () => {
    const limiter = new ColdWindowLimiter({ max: 1 });
    limiter.enter('maya', 'a');
    let refusal: any;
    try {
      limiter.enter('maya', 'b');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({
      name: 'TooManyRequestsError',
      statusCode: 429,
    });
    expect(refusal.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });
});

describe('readAimlLimits', () => {
  it('defaults to bounds normal use never reaches', () => {
    expect(readAimlLimits(config({}))).toEqual({
      maxHistoryDays: 400,
      requestsPerMinute: 10,
      maxColdWindowsPerUser: 3,
      maxConcurrentClusterLoads: 8,
      maxLoadedSeriesMiB: 1024,
    });
  });

  it('reads each key, and refuses a value that is not a positive whole number, naming the key', () => {
    expect(
      readAimlLimits(
        config({
          aiml: {
            usage: {
              maxHistoryDays: 30,
              maxColdWindowsPerUser: 1,
              maxConcurrentClusterLoads: 2,
              maxLoadedSeriesMiB: 256,
            },
            access: { requestsPerMinute: 2 },
          },
        }),
      ),
    ).toEqual({
      maxHistoryDays: 30,
      requestsPerMinute: 2,
      maxColdWindowsPerUser: 1,
      maxConcurrentClusterLoads: 2,
      maxLoadedSeriesMiB: 256,
    });
    expect(() =>
      readAimlLimits(config({ aiml: { access: { requestsPerMinute: 0 } } })),
    ).toThrow('aiml.access.requestsPerMinute must be a whole number');
    expect(() =>
      readAimlLimits(config({ aiml: { usage: { maxLoadedSeriesMiB: 0.5 } } })),
    ).toThrow('aiml.usage.maxLoadedSeriesMiB must be a whole number');
  });
});
