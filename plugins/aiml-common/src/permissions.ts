import {
  createPermission,
  Permission,
} from '@backstage/plugin-permission-common';

/**
 * The resource type of the aiml permissions that concern one team: the team is
 * the resource, its ref `group:default/<team>`.
 *
 * @public
 */
export const AIML_TEAM_RESOURCE_TYPE = 'aiml-team';

/**
 * Read a team's accelerator usage and spend.
 *
 * @public
 */
export const aimlUsageReadPermission = createPermission({
  name: 'aiml.usage.read',
  attributes: { action: 'read' },
  resourceType: AIML_TEAM_RESOURCE_TYPE,
});

/**
 * Request time-bound access to a team's namespaces.
 *
 * @public
 */
export const aimlAccessRequestPermission = createPermission({
  name: 'aiml.access.request',
  attributes: { action: 'create' },
  resourceType: AIML_TEAM_RESOURCE_TYPE,
});

/**
 * Ask for access that needs the team leads' approval: view or edit in another team's
 * namespaces (any signed-in person), or a ttl above the cluster's selfServiceMaxTtl
 * (the team's members, who also need {@link aimlAccessRequestPermission}).
 *
 * @public
 */
export const aimlAccessRequestApprovalPermission = createPermission({
  name: 'aiml.access.requestApproval',
  attributes: { action: 'create' },
  resourceType: AIML_TEAM_RESOURCE_TYPE,
});

/**
 * Approve or deny requests for a team's namespaces: its leads and platform admins
 * (never the requester, whatever their role).
 *
 * @public
 */
export const aimlAccessApprovePermission = createPermission({
  name: 'aiml.access.approve',
  attributes: { action: 'update' },
  resourceType: AIML_TEAM_RESOURCE_TYPE,
});

/**
 * See a team's grants (everyone sees their own).
 *
 * @public
 */
export const aimlAccessReadPermission = createPermission({
  name: 'aiml.access.read',
  attributes: { action: 'read' },
  resourceType: AIML_TEAM_RESOURCE_TYPE,
});

/**
 * Revoke any grant of a team (everyone may revoke their own).
 *
 * @public
 */
export const aimlAccessRevokePermission = createPermission({
  name: 'aiml.access.revoke',
  attributes: { action: 'delete' },
  resourceType: AIML_TEAM_RESOURCE_TYPE,
});

/**
 * Break-glass: admin level in any team's namespaces, for at most an hour.
 *
 * @public
 */
export const aimlAccessBreakGlassPermission = createPermission({
  name: 'aiml.access.break-glass',
  attributes: { action: 'create' },
});

/**
 * Retire a project of a team: delete its workloads, its AWS resources (ACK) and
 * its catalog entity. A team's leads and platform admins, by the portal's policy.
 *
 * @public
 */
export const aimlProjectRetirePermission = createPermission({
  name: 'aiml.project.retire',
  attributes: { action: 'delete' },
  resourceType: AIML_TEAM_RESOURCE_TYPE,
});

/**
 * Start a team's workloads that the golden paths applied suspended, once their
 * image and Pod Identity association exist (the portal patches only the held
 * field, with its own cluster identity).
 *
 * @public
 */
export const aimlWorkloadResumePermission = createPermission({
  name: 'aiml.workload.resume',
  attributes: { action: 'update' },
  resourceType: AIML_TEAM_RESOURCE_TYPE,
});

/**
 * Every permission of the aiml plugin. Typed as `Permission[]`: an inferred union's
 * member order depends on the compiler's state, which made the API report unstable.
 *
 * @public
 */
export const aimlPermissions: Permission[] = [
  aimlUsageReadPermission,
  aimlAccessRequestPermission,
  aimlAccessRequestApprovalPermission,
  aimlAccessApprovePermission,
  aimlAccessReadPermission,
  aimlAccessRevokePermission,
  aimlAccessBreakGlassPermission,
  aimlProjectRetirePermission,
  aimlWorkloadResumePermission,
];
