import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  aimlAccessBreakGlassPermission,
  aimlAccessRequestPermission,
  aimlAccessRevokePermission,
  aimlUsageReadPermission,
} from '@eks-aiml/plugin-aiml-common';
import { PortalPermissionPolicy } from './permissionPolicy';

const userInfo = (ref: string, groups: string[]) =>
  mockServices.userInfo({
    userEntityRef: ref,
    ownershipEntityRefs: [ref, ...groups.map(g => `group:default/${g}`)],
  });

function policyFor(ref: string, groups: string[]) {
  return {
    policy: new PortalPermissionPolicy(userInfo(ref, groups)),
    user: { credentials: mockCredentials.user(ref), info: {} as any },
  };
}

describe('PortalPermissionPolicy', () => {
  it('denies the Kubernetes proxy to everyone, admins included', async () => {
    const { policy, user } = policyFor('user:default/alex', [
      'platform-admins',
    ]);
    expect(
      (await policy.handle({ permission: kubernetesProxyPermission }, user))
        .result,
    ).toBe(AuthorizeResult.DENY);
  });

  it('allows non-aiml permissions such as catalog reads', async () => {
    const { policy, user } = policyFor('user:default/maya', ['ml-research']);
    expect(
      (await policy.handle({ permission: catalogEntityReadPermission }, user))
        .result,
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('reserves break-glass for platform admins', async () => {
    const admin = policyFor('user:default/alex', ['platform-admins']);
    const lead = policyFor('user:default/lee', ['ml-research']);
    expect(
      (
        await admin.policy.handle(
          { permission: aimlAccessBreakGlassPermission },
          admin.user,
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      (
        await lead.policy.handle(
          { permission: aimlAccessBreakGlassPermission },
          lead.user,
        )
      ).result,
    ).toBe(AuthorizeResult.DENY);
  });

  it('lets only members request access, even admins', async () => {
    const { policy, user } = policyFor('user:default/alex', [
      'platform-admins',
    ]);
    const decision = (await policy.handle(
      { permission: aimlAccessRequestPermission },
      user,
    )) as ConditionalPolicyDecision;
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(decision.conditions).toMatchObject({
      rule: 'IS_TEAM_MEMBER',
      params: {
        claims: ['user:default/alex', 'group:default/platform-admins'],
      },
    });
  });

  it('lets FinOps and admins read every team, others their own', async () => {
    const finops = policyFor('user:default/fatima', ['finops']);
    expect(
      (
        await finops.policy.handle(
          { permission: aimlUsageReadPermission },
          finops.user,
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
    const maya = policyFor('user:default/maya', ['ml-research']);
    const decision = (await maya.policy.handle(
      { permission: aimlUsageReadPermission },
      maya.user,
    )) as ConditionalPolicyDecision;
    expect(decision.conditions).toMatchObject({
      anyOf: [
        { rule: 'IS_TEAM_MEMBER' },
        {
          rule: 'IS_TEAM_LEAD',
          params: { userEntityRef: 'user:default/maya' },
        },
      ],
    });
  });

  it('lets team leads revoke, through the lead condition', async () => {
    const { policy, user } = policyFor('user:default/lee', ['ml-research']);
    const decision = (await policy.handle(
      { permission: aimlAccessRevokePermission },
      user,
    )) as ConditionalPolicyDecision;
    expect(decision.conditions).toMatchObject({
      rule: 'IS_TEAM_LEAD',
      params: { userEntityRef: 'user:default/lee' },
    });
  });

  it('denies aiml permissions to callers without a user', async () => {
    const { policy } = policyFor('user:default/maya', []);
    expect(
      (await policy.handle({ permission: aimlUsageReadPermission })).result,
    ).toBe(AuthorizeResult.DENY);
  });
});
