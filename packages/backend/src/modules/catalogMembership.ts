import { AuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * How long a user's groups, as read from the catalog, are reused: a user removed from
 * a Group loses the team's rights at most this long after the catalog shows it, and
 * one added (or stitched late, right after start-up) gains them as soon.
 */
export const MEMBERSHIP_CACHE_MS = 15_000;
/** Users whose groups are kept at most; the oldest entry goes first. */
const MAX_ENTRIES = 10_000;

interface Entry {
  at: number;
  promise: Promise<string[] | null>;
}

/**
 * The Groups a user is a direct member of, read from the catalog at decision time (the
 * User's `memberOf` relations), never from the sign-in token's ownership claims, which
 * live as long as the token (about an hour) and were taken when the user signed in.
 * Answers are shared for {@link MEMBERSHIP_CACHE_MS}; concurrent lookups of one user
 * share one catalog request. A catalog that does not answer is not cached and rejects:
 * the policy then denies rather than guess.
 */
export class CatalogMembership {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly deps: {
      catalog: Pick<CatalogService, 'getEntityByRef'>;
      auth: Pick<AuthService, 'getOwnServiceCredentials'>;
      ttlMs?: number;
      now?: () => number;
    },
  ) {}

  private now() {
    return this.deps.now ? this.deps.now() : Date.now();
  }

  /**
   * `group:<namespace>/<name>` of each Group the user is a direct member of; null when
   * the catalog has no such User (deleted, or never there), whose still-valid sign-in
   * token must not carry a lead's rights either.
   */
  groupsOf(userEntityRef: string): Promise<string[] | null> {
    const now = this.now();
    const ttl = this.deps.ttlMs ?? MEMBERSHIP_CACHE_MS;
    const hit = this.entries.get(userEntityRef);
    if (hit && now - hit.at < ttl) return hit.promise;
    const promise = this.read(userEntityRef);
    const entry = { at: now, promise };
    this.entries.delete(userEntityRef);
    this.entries.set(userEntityRef, entry);
    promise.catch(() => {
      if (this.entries.get(userEntityRef) === entry) {
        this.entries.delete(userEntityRef);
      }
    });
    for (const key of this.entries.keys()) {
      if (this.entries.size <= MAX_ENTRIES) break;
      this.entries.delete(key);
    }
    return promise;
  }

  private async read(userEntityRef: string): Promise<string[] | null> {
    const ref = parseEntityRef(userEntityRef);
    if (ref.kind.toLocaleLowerCase('en-US') !== 'user') return null;
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const user = await this.deps.catalog.getEntityByRef(ref, { credentials });
    if (!user) return null;
    return [
      ...new Set(
        (user.relations ?? [])
          .filter(r => r.type === 'memberOf')
          .map(r => parseEntityRef(r.targetRef))
          .filter(r => r.kind.toLocaleLowerCase('en-US') === 'group')
          .map(r => stringifyEntityRef({ ...r, kind: 'group' })),
      ),
    ].sort();
  }
}
