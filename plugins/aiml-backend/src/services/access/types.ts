/** A grant's life: persisted before any side effect; revoked only once the cluster confirms. */
export type GrantState =
  | 'pending'
  | 'active'
  | 'revoking'
  | 'revoked'
  | 'failed';

/** Access levels: view and edit for everyone, admin only through break-glass. */
export type GrantLevel = 'view' | 'edit' | 'admin';

/** Why a grant ended. */
export type GrantEndReason = 'expired' | 'revoked' | 'membership' | 'failed';

/** A grant as stored and returned by the API (never a token). */
export interface Grant {
  id: string;
  userRef: string;
  team: string;
  cluster: string;
  level: GrantLevel;
  breakGlass: boolean;
  strategy: 'token' | 'access-entry';
  namespaces: string[];
  reason: string;
  state: GrantState;
  createdAt: string;
  expiresAt: string;
  updatedAt: string;
  revokedAt?: string;
  revokedBy?: string;
  endReason?: GrantEndReason;
  failure?: string;
  /** access-entry: the IAM role whose access entry carries the grant. */
  principalArn?: string;
}

/** A validated request for access. */
export interface GrantRequest {
  cluster: string;
  team: string;
  level: GrantLevel;
  ttlMs: number;
  reason: string;
  breakGlass: boolean;
}
