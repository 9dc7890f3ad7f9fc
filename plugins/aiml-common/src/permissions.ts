import { createPermission } from '@backstage/plugin-permission-common';

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
 * Every permission of the aiml plugin.
 *
 * @public
 */
export const aimlPermissions = [
  aimlUsageReadPermission,
  aimlAccessRequestPermission,
  aimlAccessReadPermission,
  aimlAccessRevokePermission,
  aimlAccessBreakGlassPermission,
  aimlProjectRetirePermission,
  aimlWorkloadResumePermission,
];
