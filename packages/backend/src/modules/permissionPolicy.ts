import { isError } from '@backstage/errors';
import {
  coreServices,
  createBackendFeatureLoader,
  BackstageUserPrincipal,
  createBackendModule,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  catalogEntityDeletePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
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
import {
  kubernetesClustersReadPermission,
  kubernetesProxyPermission,
  kubernetesResourcesReadPermission,
} from '@backstage/plugin-kubernetes-common';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  aimlAccessApprovePermission,
  aimlAccessBreakGlassPermission,
  aimlAccessRequestApprovalPermission,
  aimlAccessRequestPermission,
  aimlAccessRevokePermission,
  aimlWorkloadResumePermission,
  aimlProjectRetirePermission,
  AIML_TEAM_RESOURCE_TYPE,
  ANNOTATION_CLUSTER,
} from '@eks-aiml/plugin-aiml-common';
import {
  aimlTeamConditions,
  createAimlTeamConditionalDecision,
} from '@eks-aiml/plugin-aiml-backend';
import { CatalogMembership } from './catalogMembership';
import {
  portalPermissionsServiceFactory,
  scaffolderEntityDeletePermission,
  scaffolderLocationCreatePermission,
  scaffolderLocationDeletePermission,
} from './scaffolderLocations';

const PLATFORM_ADMINS = 'group:default/platform-admins';
const FINOPS = 'group:default/finops';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/** Permissions outside the product that only platform admins are granted. */
const ADMIN_ONLY = new Set([
  catalogEntityDeletePermission.name,
  catalogLocationDeletePermission.name,
  catalogLocationCreatePermission.name,
]);

/** The Kubernetes plugin's reads, scoped by the product's objects provider (kubernetes.proxy is denied). */
const KUBERNETES_READS = new Set([
  kubernetesResourcesReadPermission.name,
  kubernetesClustersReadPermission.name,
]);

/** The scaffolder's task permissions (resource type `scaffolder-task`). */
const TASK_PERMISSIONS = new Set([
  'scaffolder.task.read',
  'scaffolder.task.cancel',
]);

/** Where the policy reads a user's Groups: the catalog, at decision time. */
export interface MembershipSource {
  /** The user's Group refs; null when the catalog has no such User. */
  groupsOf(userEntityRef: string): Promise<string[] | null>;
}

/**
 * The portal's permission policy: who sees and does what (product design, "Who sees what").
 *
 * Team membership (and so platform admin and FinOps) is read from the catalog at decision
 * time through a short cache ({@link CatalogMembership}), never from the sign-in token's
 * ownership claims: a user removed from a Group loses its rights within the cache time,
 * and one the catalog related to a Group after they signed in gains them as soon. A user
 * the catalog no longer has is denied every decision that needs membership or leadership,
 * even where a Group's team-leads annotation still names them.
 *
 * - Backstage's Kubernetes proxy acts with the product's own cluster identity: denied to everyone.
 *   The Kubernetes tab's reads (`kubernetes.resources.read`, `kubernetes.clusters.read`): signed-in
 *   users, scoped to the owning team by the product's objects provider; other kubernetes.*: denied.
 * - Catalog entity and location deletes, and location creation: platform admins only. The
 *   golden paths still register their entity: the scaffolder acting for a user during a run
 *   asks {@link scaffolderLocationCreatePermission}, allowed to every signed-in user. Retiring
 *   a project unregisters it the same way: the scaffolder asks
 *   {@link scaffolderLocationDeletePermission} (signed-in users: the one step that removes a
 *   location, aiml:project:retire, first needs `aiml.project.retire` for the project's team)
 *   and {@link scaffolderEntityDeletePermission} (platform admins; others only for aiml
 *   project Components, by the catalog's conditions).
 * - Scaffolder tasks (read, cancel): their owner (the user who created them) and platform admins.
 * - Team-scoped aiml permissions: members of the team (and its leads, for reading); platform
 *   admins and FinOps see every team; only members request access (membership is waived only
 *   for break-glass and for an approved cross-team grant) or start a team's held workloads
 *   (`aiml.workload.resume`); team leads and platform admins revoke any grant of the team,
 *   approve or deny requests for it (`aiml.access.approve`; the broker refuses a requester's
 *   own), and retire its projects (`aiml.project.retire`: members who do not lead it may not).
 * - Asking a team's leads for access (`aiml.access.requestApproval`): every signed-in person
 *   the catalog knows (another team's view or edit); the broker also requires membership for
 *   a longer ttl on one's own team.
 * - Break-glass: platform admins only.
 * - Other permissions (catalog reads and refreshes, template runs, ...): allowed.
 */
export class PortalPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly membership: MembershipSource,
    private readonly logger?: LoggerService,
  ) {}

  /**
   * The user's Groups, or undefined (the caller denies) when the catalog did not answer
   * or has no such User: a person deleted from the catalog keeps a valid token for up to
   * an hour, and a Group's team-leads annotation may still name them.
   */
  private async groups(userEntityRef: string): Promise<string[] | undefined> {
    try {
      return (await this.membership.groupsOf(userEntityRef)) ?? undefined;
    } catch (error) {
      this.logger?.warn(
        `Denied a decision for ${userEntityRef}: the catalog did not answer while reading their Groups: ${
          isError(error) ? error.message : String(error)
        }`,
      );
      return undefined;
    }
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (permission.name === kubernetesProxyPermission.name) return DENY;
    if (permission.name.startsWith('kubernetes.')) {
      // The Kubernetes tab: signed-in users may ask; the product's objects provider
      // answers only the owning team (and platform admins, FinOps), from its managed
      // namespaces, as the read-only portal reader. Unknown kubernetes.* permissions
      // (a later plugin version's) are denied until reviewed.
      return user && KUBERNETES_READS.has(permission.name) ? ALLOW : DENY;
    }
    if (
      permission.name === scaffolderLocationCreatePermission.name ||
      permission.name === scaffolderLocationDeletePermission.name
    ) {
      return user ? ALLOW : DENY;
    }
    const adminOnly = ADMIN_ONLY.has(permission.name);
    const task =
      TASK_PERMISSIONS.has(permission.name) &&
      isResourcePermission(permission, 'scaffolder-task');
    const aiml = permission.name.startsWith('aiml.');
    const entityDelete =
      permission.name === scaffolderEntityDeletePermission.name &&
      isResourcePermission(permission, 'catalog-entity');
    if (!adminOnly && !task && !aiml && !entityDelete) return ALLOW;
    if (!user) return DENY;

    const principal = user.credentials.principal as BackstageUserPrincipal;
    const userEntityRef = principal.userEntityRef;
    const groups = await this.groups(userEntityRef);
    if (!groups) return DENY;
    const admin = groups.includes(PLATFORM_ADMINS);
    if (adminOnly) return admin ? ALLOW : DENY;
    if (entityDelete) {
      if (admin) return ALLOW;
      return createCatalogConditionalDecision(permission, {
        allOf: [
          catalogConditions.isEntityKind({ kinds: ['component'] }),
          catalogConditions.hasAnnotation({ annotation: ANNOTATION_CLUSTER }),
        ],
      });
    }
    if (task) {
      if (admin) return ALLOW;
      return createScaffolderTaskConditionalDecision(
        permission,
        scaffolderTaskConditions.isTaskOwner({ createdBy: [userEntityRef] }),
      );
    }

    if (permission.name === aimlAccessBreakGlassPermission.name) {
      return admin ? ALLOW : DENY;
    }
    if (!isResourcePermission(permission, AIML_TEAM_RESOURCE_TYPE)) return DENY;
    // Anyone the catalog knows may ask; the team's leads decide (approve below).
    if (permission.name === aimlAccessRequestApprovalPermission.name) {
      return ALLOW;
    }
    const member = aimlTeamConditions.isTeamMember({ claims: groups });
    const lead = aimlTeamConditions.isTeamLead({ userEntityRef });
    // Requesting access and starting held workloads: the team's members only.
    if (
      permission.name === aimlAccessRequestPermission.name ||
      permission.name === aimlWorkloadResumePermission.name
    ) {
      return createAimlTeamConditionalDecision(permission, member);
    }
    if (
      permission.name === aimlAccessRevokePermission.name ||
      permission.name === aimlAccessApprovePermission.name ||
      permission.name === aimlProjectRetirePermission.name
    ) {
      if (admin) return ALLOW;
      return createAimlTeamConditionalDecision(permission, lead);
    }
    // Reading usage and grants: a team's members, and its leads (who may revoke its
    // grants, and revoking starts by reading the grant) even when not members.
    if (admin || groups.includes(FINOPS)) return ALLOW;
    return createAimlTeamConditionalDecision(permission, {
      anyOf: [member, lead],
    });
  }
}

const policyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'portal-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        logger: coreServices.logger,
      },
      async init({ policy, catalog, auth, logger }) {
        policy.setPolicy(
          new PortalPermissionPolicy(
            new CatalogMembership({ catalog, auth }),
            logger,
          ),
        );
      },
    });
  },
});

/**
 * The portal's permissions: its policy, and the catalog's permissions service that lets
 * the policy tell a golden-path run's location registration from a user's own.
 */
export const permissionPolicyModule = createBackendFeatureLoader({
  loader() {
    return [policyModule, portalPermissionsServiceFactory];
  },
});
