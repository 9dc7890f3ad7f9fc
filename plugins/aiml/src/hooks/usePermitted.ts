import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * Asks the permission policy whether the user may do something, for one component's
 * life (no cache shared across components, so decisions follow persona changes).
 * A resource permission without a resource is not allowed.
 */
export function usePermitted(
  permission: BasicPermission | ResourcePermission,
  resourceRef?: string,
): { loading: boolean; allowed: boolean } {
  const permissionApi = useApi(permissionApiRef);
  const state = useAsync(async () => {
    if (permission.type === 'resource' && !resourceRef) return false;
    const { result } = await permissionApi.authorize(
      permission.type === 'resource'
        ? { permission, resourceRef }
        : { permission },
    );
    return result === AuthorizeResult.ALLOW;
  }, [permissionApi, permission, resourceRef]);
  return { loading: state.loading, allowed: state.value === true };
}
