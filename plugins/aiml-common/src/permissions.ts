import { createPermission } from '@backstage/plugin-permission-common';

/** Request time-bound access to a team's namespaces on a cluster. */
export const aimlAccessGrantCreatePermission = createPermission({
  name: 'aiml.access.grant.create',
  attributes: { action: 'create' },
});

/** Request break-glass (admin) access: platform admins only. */
export const aimlAccessBreakGlassPermission = createPermission({
  name: 'aiml.access.breakglass',
  attributes: { action: 'create' },
});

/** Revoke any grant of a team (team leads and admins; members revoke their own). */
export const aimlAccessGrantRevokePermission = createPermission({
  name: 'aiml.access.grant.revoke',
  attributes: { action: 'delete' },
});

/** See every team's grants and usage (platform admins and FinOps). */
export const aimlAllTeamsReadPermission = createPermission({
  name: 'aiml.teams.read.all',
  attributes: { action: 'read' },
});

/** Every permission of the aiml plugin. */
export const aimlPermissions = [
  aimlAccessGrantCreatePermission,
  aimlAccessBreakGlassPermission,
  aimlAccessGrantRevokePermission,
  aimlAllTeamsReadPermission,
];
