import { NotAllowedError } from '@backstage/errors';
import { TeamDirectory } from '@eks-aiml/plugin-aiml-node';

/**
 * Checks on the server that the task's user is a direct member of the team an
 * action acts for: a form can be bypassed, and a template can be written by anyone.
 */
export async function requireTeamMember(
  teams: TeamDirectory,
  user: { ref?: string } | undefined,
  team: string,
): Promise<string> {
  if (!user?.ref) {
    throw new NotAllowedError(
      `This action acts for team "${team}" and needs to know who runs it; run the template as a signed-in user`,
    );
  }
  const memberOf = await teams.teamsOf(user.ref);
  if (!memberOf.includes(team)) {
    throw new NotAllowedError(
      `${user.ref} is not a member of team "${team}" (member of: ${
        memberOf.join(', ') || 'no team'
      }); only the team's members may provision for it`,
    );
  }
  return user.ref;
}
