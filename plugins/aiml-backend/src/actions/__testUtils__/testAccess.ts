import { mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { CallerAccess } from '../../permissions/callerAccess';
import { ServiceRead } from '../../permissions/serviceAccess';
import { TeamAuthorizer } from '../../permissions/teamAuthorizer';

/**
 * Caller access for the actions' unit tests: people read the teams `readable` lists for
 * them (platform admins and FinOps: 'all'); services by the `aiml.serviceAccess` given.
 */
export function testAccess(
  readable: Record<string, string[] | 'all'>,
  serviceAccess: Map<string, ServiceRead> = new Map(),
) {
  const teamsOf = (credentials: any) =>
    readable[credentials.principal.userEntityRef] ?? [];
  const authorizer = {
    allowedTeams: jest.fn(async (_p: unknown, teams: string[], c: unknown) => {
      const mine = teamsOf(c);
      return mine === 'all' ? teams : teams.filter(t => mine.includes(t));
    }),
    allowedTeamsAmong: jest.fn(
      async (_p: unknown, c: unknown, among: () => Promise<string[]>) => {
        const mine = teamsOf(c);
        if (mine === 'all') return 'all';
        return (await among()).filter(t => mine.includes(t));
      },
    ),
    require: jest.fn(
      async (_p: unknown, team: string, c: unknown, why: string) => {
        const mine = teamsOf(c);
        if (mine !== 'all' && !mine.includes(team)) {
          throw new NotAllowedError(why);
        }
      },
    ),
  };
  return new CallerAccess({
    httpAuth: mockServices.httpAuth(),
    authorizer: authorizer as unknown as TeamAuthorizer,
    serviceAccess,
  });
}
