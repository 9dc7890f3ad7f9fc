import { Grant } from './types';

/**
 * What the broker tells listeners (notifications) after a step succeeded. Listeners
 * must not throw: a request never fails because a listener did.
 */
export interface GrantEvents {
  /** A new grant was made (not a repeated request answered with the live one). */
  granted(grant: Grant): Promise<void>;
  /** A person revoked a grant; `by` is their entity ref. */
  revoked(grant: Grant, by: string): Promise<void>;
  /** A request waits for the approval of the leads of `grant.team` (and platform admins). */
  requested?(grant: Grant): Promise<void>;
  /** A request was approved or denied (`grant.approval.decidedBy`), or lapsed unanswered. */
  decided?(grant: Grant): Promise<void>;
}
