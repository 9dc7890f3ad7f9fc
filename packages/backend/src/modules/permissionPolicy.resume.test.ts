import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';
import { aimlWorkloadResumePermission } from '@eks-aiml/plugin-aiml-common';
import { PortalPermissionPolicy } from './permissionPolicy';

function policyFor(ref: string, groups: string[]) {
  return {
    policy: new PortalPermissionPolicy({
      groupsOf: async () => groups.map(g => `group:default/${g}`),
    }),
    user: { credentials: mockCredentials.user(ref), info: {} as any },
  };
}

describe('PortalPermissionPolicy: aiml.workload.resume', () => {
  it.each([
    ['maya', ['ml-research']],
    ['alex', ['platform-admins']],
    ['fatima', ['finops']],
  ])(
    'lets %s start held workloads only of the teams they are a member of',
    async (name, groups) => {
      const { policy, user } = policyFor(`user:default/${name}`, groups);
      const decision = (await policy.handle(
        { permission: aimlWorkloadResumePermission },
        user,
      )) as ConditionalPolicyDecision;
      expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
      expect(decision.conditions).toEqual({
        rule: 'IS_TEAM_MEMBER',
        resourceType: 'aiml-team',
        params: { claims: groups.map(g => `group:default/${g}`) },
      });
    },
  );

  it('denies callers without a user', async () => {
    const { policy } = policyFor('user:default/maya', ['ml-research']);
    expect(
      (await policy.handle({ permission: aimlWorkloadResumePermission }))
        .result,
    ).toBe(AuthorizeResult.DENY);
  });
});
