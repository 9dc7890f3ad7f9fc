import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { DecisionCache, decisionCacheMsFromConfig } from './decisionCache';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };
const maya = mockCredentials.user('user:default/maya');
const omar = mockCredentials.user('user:default/omar');

/** A policy whose answer the test changes, counting the requests. */
function policy() {
  const state = { answer: ALLOW, asked: 0, fail: false };
  const ask = async () => {
    state.asked++;
    if (state.fail) throw new Error('permission backend down');
    return state.answer;
  };
  return { state, ask };
}

describe('DecisionCache', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('reuses a user’s decision for a permission, shared by concurrent asks', async () => {
    const cache = new DecisionCache(5_000);
    const { state, ask } = policy();
    const [a, b] = await Promise.all([
      cache.decide(maya, 'aiml.usage.read', ask),
      cache.decide(maya, 'aiml.usage.read', ask),
    ]);
    expect([a, b]).toEqual([ALLOW, ALLOW]);
    expect(state.asked).toBe(1);
    // Another permission, another user: asked.
    await cache.decide(maya, 'aiml.access.request', ask);
    await cache.decide(omar, 'aiml.usage.read', ask);
    expect(state.asked).toBe(3);
  });

  it('asks again once the cache time is up, however often the decision was reused', async () => {
    const cache = new DecisionCache(5_000);
    const { state, ask } = policy();
    await cache.decide(maya, 'aiml.usage.read', ask);
    state.answer = DENY; // maya left the team
    for (let t = 0; t < 4; t++) {
      jest.advanceTimersByTime(1_000);
      expect(await cache.decide(maya, 'aiml.usage.read', ask)).toEqual(ALLOW);
    }
    jest.advanceTimersByTime(999);
    expect(await cache.decide(maya, 'aiml.usage.read', ask)).toEqual(ALLOW);
    jest.advanceTimersByTime(1);
    expect(await cache.decide(maya, 'aiml.usage.read', ask)).toEqual(DENY);
    expect(state.asked).toBe(2);
  });

  it('never keeps a failed request, a service’s decision, or anything with 0', async () => {
    const { state, ask } = policy();
    const cache = new DecisionCache(5_000);
    state.fail = true;
    await expect(cache.decide(maya, 'aiml.usage.read', ask)).rejects.toThrow(
      'permission backend down',
    );
    state.fail = false;
    expect(await cache.decide(maya, 'aiml.usage.read', ask)).toEqual(ALLOW);
    const service = mockCredentials.service('external:finops-export');
    await cache.decide(service, 'aiml.usage.read', ask);
    await cache.decide(service, 'aiml.usage.read', ask);
    const off = new DecisionCache(0);
    await off.decide(omar, 'aiml.usage.read', ask);
    await off.decide(omar, 'aiml.usage.read', ask);
    expect(state.asked).toBe(2 + 2 + 2);
  });

  it('reads aiml.permissions.decisionCacheSeconds: 5 s by default, 0 to 60, else start-up fails naming it', () => {
    const config = (decisionCacheSeconds: number) =>
      mockServices.rootConfig({
        data: { aiml: { permissions: { decisionCacheSeconds } } },
      });
    expect(decisionCacheMsFromConfig(mockServices.rootConfig())).toBe(5_000);
    expect(decisionCacheMsFromConfig(config(0))).toBe(0);
    expect(decisionCacheMsFromConfig(config(1.5))).toBe(1_500);
    for (const bad of [-1, 61]) {
      expect(() => decisionCacheMsFromConfig(config(bad))).toThrow(
        'aiml.permissions.decisionCacheSeconds must be a number of seconds from 0 to 60',
      );
    }
  });
});
