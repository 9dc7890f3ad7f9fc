import { NotAllowedError } from '@backstage/errors';
import { Caller } from '../../permissions/callerAccess';
import { ServiceRead } from '../../permissions/serviceAccess';
import { AccessBroker } from './accessBroker';
import { GrantListQuery } from './grantListQuery';
import { GrantReadScope } from './readScope';

/** What a service may read of the grants: every grant, or its teams' (`aiml.serviceAccess`). */
export function serviceGrantScope(read: ServiceRead): GrantReadScope {
  return { teams: read === 'fleet' ? 'all' : read.teams };
}

/**
 * One page of the grants a caller may read (`GET /access/grants`, the MCP list-grants
 * action): a person's own and those of the teams the policy lets them read; a service's
 * by `aiml.serviceAccess`, one of its teams at a time unless it reads the fleet.
 *
 * @internal
 */
export async function listCallerGrants(
  broker: AccessBroker,
  caller: Caller,
  query: GrantListQuery,
) {
  if (caller.kind === 'user') {
    return broker.list(caller.credentials, query);
  }
  if (caller.read !== 'fleet') {
    const { teams } = caller.read;
    if (!query.team || !teams.includes(query.team)) {
      throw new NotAllowedError(
        `Service ${caller.id.replace(
          /^service:/,
          '',
        )} reads the grants of teams ${teams.join(
          ', ',
        )} only (aiml.serviceAccess): ask for one with ?team=`,
      );
    }
  }
  return broker.listInScope(serviceGrantScope(caller.read), query);
}
