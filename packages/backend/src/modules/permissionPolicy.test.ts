import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  kubernetesClustersReadPermission,
  kubernetesProxyPermission,
  kubernetesResourcesReadPermission,
} from '@backstage/plugin-kubernetes-common';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

// The scaffolder's task permissions, as @backstage/plugin-scaffolder-common/alpha declares them.
const taskReadPermission = createPermission({
  name: 'scaffolder.task.read',
  attributes: { action: 'read' },
  resourceType: 'scaffolder-task',
});
const taskCancelPermission = createPermission({
  name: 'scaffolder.task.cancel',
  attributes: {},
  resourceType: 'scaffolder-task',
});
const taskCreatePermission = createPermission({
  name: 'scaffolder.task.create',
  attributes: { action: 'create' },
});
import {
  aimlAccessApprovePermission,
  aimlAccessBreakGlassPermission,
  aimlAccessRequestApprovalPermission,
  aimlAccessRequestPermission,
  aimlAccessRevokePermission,
  aimlProjectRetirePermission,
  aimlUsageReadPermission,
} from '@eks-aiml/plugin-aiml-common';
import { PortalPermissionPolicy } from './permissionPolicy';
import {
  scaffolderEntityDeletePermission,
  scaffolderLocationCreatePermission,
  scaffolderLocationDeletePermission,
} from './scaffolderLocations';

/** A membership source answering the given Groups for every user. */
const membership = (groups: string[]) => ({
  groupsOf: jest.fn(async () => groups.map(g => `group:default/${g}`)),
});

function policyFor(ref: string, groups: string[]) {
  const source = membership(groups);
  return {
    membership: source,
    policy: new PortalPermissionPolicy(source),
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

  it("lets signed-in users ask for the Kubernetes tab's reads (scoped by the objects provider), and denies other kubernetes.* permissions", async () => {
    const { policy, user } = policyFor('user:default/omar', ['recsys']);
    for (const permission of [
      kubernetesResourcesReadPermission,
      kubernetesClustersReadPermission,
    ]) {
      expect((await policy.handle({ permission }, user)).result).toBe(
        AuthorizeResult.ALLOW,
      );
      expect((await policy.handle({ permission })).result).toBe(
        AuthorizeResult.DENY,
      );
    }
    const later = createPermission({
      name: 'kubernetes.exec',
      attributes: { action: 'update' },
    });
    expect((await policy.handle({ permission: later }, user)).result).toBe(
      AuthorizeResult.DENY,
    );
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
      params: { claims: ['group:default/platform-admins'] },
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

  it('denies a user the catalog no longer has every team decision, leads included, though their token is valid', async () => {
    const source = { groupsOf: jest.fn(async () => null) };
    const policy = new PortalPermissionPolicy(source);
    const user = {
      credentials: mockCredentials.user('user:default/departed'),
      info: {} as any,
    };
    for (const permission of [
      aimlUsageReadPermission,
      aimlAccessRevokePermission,
      aimlProjectRetirePermission,
      aimlAccessRequestPermission,
      aimlAccessRequestApprovalPermission,
      aimlAccessApprovePermission,
      taskReadPermission,
      scaffolderEntityDeletePermission,
    ]) {
      expect((await policy.handle({ permission }, user)).result).toBe(
        AuthorizeResult.DENY,
      );
    }
    expect(source.groupsOf).toHaveBeenCalledWith('user:default/departed');
  });

  it("lets only the team's leads (by condition) and platform admins retire its projects: not its other members, not FinOps", async () => {
    for (const [ref, groups] of [
      ['user:default/lee', ['ml-research']],
      ['user:default/maya', ['ml-research']],
      ['user:default/fatima', ['finops']],
    ] as const) {
      const { policy, user } = policyFor(ref, [...groups]);
      const decision = (await policy.handle(
        { permission: aimlProjectRetirePermission },
        user,
      )) as ConditionalPolicyDecision;
      expect(decision).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'aiml',
        resourceType: 'aiml-team',
        conditions: {
          resourceType: 'aiml-team',
          rule: 'IS_TEAM_LEAD',
          params: { userEntityRef: ref },
        },
      });
    }
    const alex = policyFor('user:default/alex', ['platform-admins']);
    expect(
      (
        await alex.policy.handle(
          { permission: aimlProjectRetirePermission },
          alex.user,
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      (await alex.policy.handle({ permission: aimlProjectRetirePermission }))
        .result,
    ).toBe(AuthorizeResult.DENY);
  });

  it("lets every signed-in person ask a team's leads, and only the leads (by condition) and platform admins approve: not members, not FinOps", async () => {
    const maya = policyFor('user:default/maya', ['other-team']);
    expect(
      (
        await maya.policy.handle(
          { permission: aimlAccessRequestApprovalPermission },
          maya.user,
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
    for (const [ref, groups] of [
      ['user:default/lee', ['ml-research']],
      ['user:default/maya', ['ml-research']],
      ['user:default/fatima', ['finops']],
    ] as const) {
      const { policy, user } = policyFor(ref, [...groups]);
      expect(
        await policy.handle({ permission: aimlAccessApprovePermission }, user),
      ).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'aiml',
        resourceType: 'aiml-team',
        conditions: {
          resourceType: 'aiml-team',
          rule: 'IS_TEAM_LEAD',
          params: { userEntityRef: ref },
        },
      });
    }
    const alex = policyFor('user:default/alex', ['platform-admins']);
    expect(
      (
        await alex.policy.handle(
          { permission: aimlAccessApprovePermission },
          alex.user,
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
    for (const permission of [
      aimlAccessApprovePermission,
      aimlAccessRequestApprovalPermission,
    ]) {
      expect((await alex.policy.handle({ permission })).result).toBe(
        AuthorizeResult.DENY,
      );
    }
  });

  it('denies aiml permissions to callers without a user', async () => {
    const { policy } = policyFor('user:default/maya', []);
    expect(
      (await policy.handle({ permission: aimlUsageReadPermission })).result,
    ).toBe(AuthorizeResult.DENY);
  });

  describe('defaults an auditor accepts for permissions outside the product', () => {
    const adminOnly = [
      catalogEntityDeletePermission,
      catalogLocationDeletePermission,
      catalogLocationCreatePermission,
    ];

    it.each(adminOnly.map(p => [p.name, p]))(
      '%s: platform admins only',
      async (_name, permission) => {
        const alex = policyFor('user:default/alex', ['platform-admins']);
        const lee = policyFor('user:default/lee', ['ml-research']);
        const fatima = policyFor('user:default/fatima', ['finops']);
        expect(
          (await alex.policy.handle({ permission }, alex.user)).result,
        ).toBe(AuthorizeResult.ALLOW);
        expect((await lee.policy.handle({ permission }, lee.user)).result).toBe(
          AuthorizeResult.DENY,
        );
        expect(
          (await fatima.policy.handle({ permission }, fatima.user)).result,
        ).toBe(AuthorizeResult.DENY);
        expect((await alex.policy.handle({ permission })).result).toBe(
          AuthorizeResult.DENY,
        );
      },
    );

    it('lets the scaffolder register a golden-path entity for any signed-in user', async () => {
      const maya = policyFor('user:default/maya', ['ml-research']);
      expect(
        (
          await maya.policy.handle(
            { permission: scaffolderLocationCreatePermission },
            maya.user,
          )
        ).result,
      ).toBe(AuthorizeResult.ALLOW);
      expect(
        (
          await maya.policy.handle({
            permission: scaffolderLocationCreatePermission,
          })
        ).result,
      ).toBe(AuthorizeResult.DENY);
    });

    it('lets the scaffolder unregister a retired project: its location for any signed-in user, its entity for admins or, by condition, an aiml project Component', async () => {
      const maya = policyFor('user:default/maya', ['ml-research']);
      expect(
        (
          await maya.policy.handle(
            { permission: scaffolderLocationDeletePermission },
            maya.user,
          )
        ).result,
      ).toBe(AuthorizeResult.ALLOW);
      expect(
        (
          await maya.policy.handle({
            permission: scaffolderLocationDeletePermission,
          })
        ).result,
      ).toBe(AuthorizeResult.DENY);
      expect(
        await maya.policy.handle(
          { permission: scaffolderEntityDeletePermission },
          maya.user,
        ),
      ).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          allOf: [
            {
              resourceType: 'catalog-entity',
              rule: 'IS_ENTITY_KIND',
              params: { kinds: ['component'] },
            },
            {
              resourceType: 'catalog-entity',
              rule: 'HAS_ANNOTATION',
              params: { annotation: 'aiml.eks.aws/cluster' },
            },
          ],
        },
      });
      const alex = policyFor('user:default/alex', ['platform-admins']);
      expect(
        (
          await alex.policy.handle(
            { permission: scaffolderEntityDeletePermission },
            alex.user,
          )
        ).result,
      ).toBe(AuthorizeResult.ALLOW);
      expect(
        (
          await alex.policy.handle({
            permission: scaffolderEntityDeletePermission,
          })
        ).result,
      ).toBe(AuthorizeResult.DENY);
    });

    it.each([taskReadPermission, taskCancelPermission].map(p => [p.name, p]))(
      '%s: the task owner (by condition) and platform admins',
      async (_name, permission) => {
        const maya = policyFor('user:default/maya', ['ml-research']);
        const decision = (await maya.policy.handle(
          { permission },
          maya.user,
        )) as ConditionalPolicyDecision;
        expect(decision).toMatchObject({
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'scaffolder',
          resourceType: 'scaffolder-task',
          conditions: {
            rule: 'IS_TASK_OWNER',
            params: { createdBy: ['user:default/maya'] },
          },
        });
        const alex = policyFor('user:default/alex', ['platform-admins']);
        expect(
          (await alex.policy.handle({ permission }, alex.user)).result,
        ).toBe(AuthorizeResult.ALLOW);
      },
    );

    it('keeps reads, refreshes and template runs open to everyone signed in', async () => {
      const maya = policyFor('user:default/maya', ['ml-research']);
      for (const permission of [
        catalogEntityReadPermission,
        catalogEntityRefreshPermission,
        taskCreatePermission,
      ]) {
        expect(
          (await maya.policy.handle({ permission }, maya.user)).result,
        ).toBe(AuthorizeResult.ALLOW);
      }
      expect(maya.membership.groupsOf).not.toHaveBeenCalled();
    });
  });

  describe('membership from the catalog at decision time', () => {
    it('decides on the Groups the catalog answers now, not on the token', async () => {
      const groups = { now: ['group:default/platform-admins'] };
      const source = { groupsOf: jest.fn(async () => groups.now) };
      const policy = new PortalPermissionPolicy(source);
      // The token was issued while alex was an admin; the catalog no longer says so.
      const user = {
        credentials: mockCredentials.user('user:default/alex'),
        info: {
          userEntityRef: 'user:default/alex',
          ownershipEntityRefs: ['group:default/platform-admins'],
        },
      };
      const ask = async () =>
        (
          await policy.handle(
            { permission: catalogEntityDeletePermission },
            user,
          )
        ).result;
      expect(await ask()).toBe(AuthorizeResult.ALLOW);
      groups.now = [];
      expect(await ask()).toBe(AuthorizeResult.DENY);
      expect(source.groupsOf).toHaveBeenCalledWith('user:default/alex');
    });

    it('passes the catalog Groups to the team-member condition', async () => {
      const { policy, user } = policyFor('user:default/omar', ['recsys']);
      const decision = (await policy.handle(
        { permission: aimlAccessRequestPermission },
        user,
      )) as ConditionalPolicyDecision;
      expect(decision.conditions).toEqual({
        resourceType: 'aiml-team',
        rule: 'IS_TEAM_MEMBER',
        params: { claims: ['group:default/recsys'] },
      });
    });

    it('denies, and says why in the log, when the catalog does not answer', async () => {
      const logger = { warn: jest.fn() } as any;
      const policy = new PortalPermissionPolicy(
        {
          groupsOf: async () =>
            Promise.reject(new Error('connect ECONNREFUSED')),
        },
        logger,
      );
      const user = {
        credentials: mockCredentials.user('user:default/alex'),
        info: {} as any,
      };
      for (const permission of [
        catalogEntityDeletePermission,
        aimlUsageReadPermission,
        aimlAccessBreakGlassPermission,
      ]) {
        expect((await policy.handle({ permission }, user)).result).toBe(
          AuthorizeResult.DENY,
        );
      }
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('the catalog did not answer'),
      );
    });
  });
});
