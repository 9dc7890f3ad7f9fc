import { createPermissionRule } from '@backstage/plugin-permission-node';
import { z } from 'zod';
import { aimlTeamResourceRef } from './teamResource';

/**
 * Allows when the user is a direct member of the team: `claims` are the refs of the
 * Groups the user is a member of, which the portal's policy reads from the catalog at
 * decision time (short cache), not the sign-in token's ownership claims.
 *
 * @public
 */
export const isTeamMember = createPermissionRule({
  name: 'IS_TEAM_MEMBER',
  description: 'Allow when the user is a member of the team',
  resourceRef: aimlTeamResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe("Refs of the user's Groups, read from the catalog"),
  }),
  apply: (team, { claims }) => claims.includes(team.ref),
  toQuery: () => {
    // Teams are never listed through permission queries: decisions are per team.
    throw new Error('aiml team rules do not support queries');
  },
});

/**
 * Allows when the user leads the team (named in the Group's team-leads annotation).
 *
 * @public
 */
export const isTeamLead = createPermissionRule({
  name: 'IS_TEAM_LEAD',
  description: 'Allow when the user is a lead of the team',
  resourceRef: aimlTeamResourceRef,
  paramsSchema: z.object({
    userEntityRef: z.string().describe('The user entity ref'),
  }),
  apply: (team, { userEntityRef }) => team.leadRefs.includes(userEntityRef),
  toQuery: () => {
    throw new Error('aiml team rules do not support queries');
  },
});

/**
 * Every rule of the aiml team resource.
 *
 * @public
 */
export const aimlTeamRules = { isTeamMember, isTeamLead };
