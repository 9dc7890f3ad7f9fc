import { Grant, GrantEndReason } from './types';

/**
 * The life of grants of one strategy on the clusters (token) or in EKS (access
 * entry). The broker decides who may do what and dispatches here by the grant's
 * strategy; each implementation owns its cluster side and its state transitions.
 */
export interface GrantLifecycle {
  /**
   * Activates a new grant (state pending), or returns the live grant an identical
   * earlier request made (`created: false`). On failure the grant is failed and
   * whatever the attempt added is taken back.
   */
  create(
    grant: Grant,
    liveKey: string,
  ): Promise<{ grant: Grant; created: boolean }>;
  /** Ends a grant: revoking, then revoked once the cluster or EKS confirms. Safe to re-run. */
  end(grant: Grant, reason: GrantEndReason, by: string): Promise<Grant>;
  /** Claims and ends due grants (each by exactly one replica, which audits it); returns how many. */
  expire(due: Grant[]): Promise<number>;
  /** Finishes what crashes left and removes what no grant needs any more. */
  reconcile(): Promise<void>;
  /** The kubeconfig of an active grant, for its grantee; never stored. */
  kubeconfig(grant: Grant): Promise<string>;
}
