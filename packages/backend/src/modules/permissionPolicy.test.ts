import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { PortalPermissionPolicy } from './permissionPolicy';

describe('PortalPermissionPolicy', () => {
  const policy = new PortalPermissionPolicy();

  it('denies the Kubernetes proxy to everyone', async () => {
    const decision = await policy.handle({
      permission: kubernetesProxyPermission,
    });
    expect(decision.result).toBe(AuthorizeResult.DENY);
  });

  it('allows catalog reads', async () => {
    const decision = await policy.handle({
      permission: catalogEntityReadPermission,
    });
    expect(decision.result).toBe(AuthorizeResult.ALLOW);
  });
});
