import { Grant } from './types';

/**
 * The grants a caller may read: their own (a person's) and those of `teams` ('all':
 * every grant). Decided once per request; the grant store applies the same rule in SQL.
 */
export interface GrantReadScope {
  /** The person reading; services have none. */
  userRef?: string;
  teams: string[] | 'all';
}

/** Whether a grant is within a read scope (the rule the store's filter follows). */
export function mayReadGrant(scope: GrantReadScope, grant: Grant): boolean {
  return (
    scope.teams === 'all' ||
    (scope.userRef !== undefined && grant.userRef === scope.userRef) ||
    scope.teams.includes(grant.team)
  );
}
