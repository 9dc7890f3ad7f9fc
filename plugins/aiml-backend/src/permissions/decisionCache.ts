import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  RootConfigService as Config,
} from '@backstage/backend-plugin-api';
import type { PolicyDecision } from '@backstage/plugin-permission-common';
import { RecentEntries } from '../lib/recentEntries';

/** Users × permissions kept at most; the least recently used goes first. */
const MAX_DECISIONS = 20_000;

const userOf = (credentials: BackstageCredentials) => {
  const principal = credentials.principal as Partial<BackstageUserPrincipal>;
  return principal.type === 'user' ? principal.userEntityRef : undefined;
};

/**
 * A user's recent policy decisions, by permission, reused for `ttlMs`: each decision
 * asked is a request to the permission backend, which asks the auth backend for the
 * user's claims before its policy decides (under the 200-person soak, 70 decisions a
 * second took about a third of the event loop). Concurrent asks share one request. A
 * change to a Group reaches the decisions `ttlMs` later than it reaches the policy.
 * Services' decisions and failed requests are never kept; `ttlMs` 0 keeps nothing.
 */
export class DecisionCache {
  private readonly decisions = new RecentEntries<Promise<PolicyDecision>>({
    maxEntries: MAX_DECISIONS,
    maxBytes: Infinity,
  });

  constructor(private readonly ttlMs: number) {}

  decide(
    credentials: BackstageCredentials,
    permissionName: string,
    ask: () => Promise<PolicyDecision>,
  ): Promise<PolicyDecision> {
    const user = userOf(credentials);
    if (!user || this.ttlMs <= 0) return ask();
    const key = `${user} ${permissionName}`;
    const kept = this.decisions.get(key);
    if (kept) return kept;
    const promise = ask();
    this.decisions.set(key, promise, this.ttlMs, 0);
    promise.catch(() => this.decisions.delete(key, promise));
    return promise;
  }
}

/** The default of `aiml.permissions.decisionCacheSeconds`. */
export const DEFAULT_DECISION_CACHE_SECONDS = 5;

/**
 * `aiml.permissions.decisionCacheSeconds` in ms: 0 to 60 seconds (default 5); anything
 * else fails start-up, naming the key.
 */
export function decisionCacheMsFromConfig(config: Config): number {
  const key = 'aiml.permissions.decisionCacheSeconds';
  const value = config.getOptionalNumber(key) ?? DEFAULT_DECISION_CACHE_SECONDS;
  if (!(Number.isFinite(value) && value >= 0 && value <= 60)) {
    throw new Error(
      `${key} must be a number of seconds from 0 to 60, not ${value}`,
    );
  }
  return value * 1000;
}
