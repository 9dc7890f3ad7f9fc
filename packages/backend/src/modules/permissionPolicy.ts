import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import {
  aimlAccessBreakGlassPermission,
  aimlAccessRequestPermission,
  aimlAccessRevokePermission,
  AIML_TEAM_RESOURCE_TYPE,
} from '@eks-aiml/plugin-aiml-common';
import {
  aimlTeamConditions,
  createAimlTeamConditionalDecision,
} from '@eks-aiml/plugin-aiml-backend';

const PLATFORM_ADMINS = 'group:default/platform-admins';
const FINOPS = 'group:default/finops';

/**
 * The portal's permission policy: who sees and does what (product design, "Who sees what").
 *
 * - Backstage's Kubernetes proxy acts with the product's own cluster identity: denied to everyone.
 * - Team-scoped aiml permissions: members of the team (and its leads, for reading); platform admins and FinOps
 *   see every team; only members request access (membership is waived only for
 *   break-glass); team leads and platform admins revoke any grant of the team.
 * - Break-glass: platform admins only.
 */
export class PortalPermissionPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (permission.name === kubernetesProxyPermission.name) {
      return { result: AuthorizeResult.DENY };
    }
    const isAiml = permission.name.startsWith('aiml.');
    if (!isAiml) return { result: AuthorizeResult.ALLOW };
    if (!user) return { result: AuthorizeResult.DENY };

    const info = await this.userInfo.getUserInfo(user.credentials);
    const claims = info.ownershipEntityRefs;
    const admin = claims.includes(PLATFORM_ADMINS);
    if (permission.name === aimlAccessBreakGlassPermission.name) {
      return { result: admin ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    if (!isResourcePermission(permission, AIML_TEAM_RESOURCE_TYPE)) {
      return { result: AuthorizeResult.DENY };
    }
    if (permission.name === aimlAccessRequestPermission.name) {
      return createAimlTeamConditionalDecision(
        permission,
        aimlTeamConditions.isTeamMember({ claims }),
      );
    }
    if (permission.name === aimlAccessRevokePermission.name) {
      if (admin) return { result: AuthorizeResult.ALLOW };
      return createAimlTeamConditionalDecision(
        permission,
        aimlTeamConditions.isTeamLead({ userEntityRef: info.userEntityRef }),
      );
    }
    // Reading usage and grants: a team's members, and its leads (who may revoke its
    // grants, and revoking starts by reading the grant) even when not members.
    if (admin || claims.includes(FINOPS)) {
      return { result: AuthorizeResult.ALLOW };
    }
    return createAimlTeamConditionalDecision(permission, {
      anyOf: [
        aimlTeamConditions.isTeamMember({ claims }),
        aimlTeamConditions.isTeamLead({ userEntityRef: info.userEntityRef }),
      ],
    });
  }
}

export const permissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'portal-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, userInfo: coreServices.userInfo },
      async init({ policy, userInfo }) {
        policy.setPolicy(new PortalPermissionPolicy(userInfo));
      },
    });
  },
});
