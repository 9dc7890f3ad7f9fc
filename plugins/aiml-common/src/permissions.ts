import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Request time-bound access to a team's namespaces on a cluster.
 *
 * @public
 */
export const aimlAccessGrantCreatePermission = createPermission({
  name: 'aiml.access.grant.create',
  attributes: { action: 'create' },
});

/**
 * Request break-glass (admin) access: platform admins only.
 *
 * @public
 */
export const aimlAccessBreakGlassPermission = createPermission({
  name: 'aiml.access.breakglass',
  attributes: { action: 'create' },
});

/**
 * Revoke any grant of a team (team leads and admins; members revoke their own).
 *
 * @public
 */
export const aimlAccessGrantRevokePermission = createPermission({
  name: 'aiml.access.grant.revoke',
  attributes: { action: 'delete' },
});

/**
 * See every team's grants and usage (platform admins and FinOps).
 *
 * @public
 */
export const aimlAllTeamsReadPermission = createPermission({
  name: 'aiml.teams.read.all',
  attributes: { action: 'read' },
});

/**
 * Every permission of the aiml plugin.
 *
 * @public
 */
export const aimlPermissions = [
  aimlAccessGrantCreatePermission,
  aimlAccessBreakGlassPermission,
  aimlAccessGrantRevokePermission,
  aimlAllTeamsReadPermission,
];
