import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  PermissionsService,
  PermissionsServiceRequestOptions,
} from '@backstage/backend-plugin-api';
import { catalogLocationCreatePermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizePermissionRequest,
  createPermission,
  QueryPermissionRequest,
} from '@backstage/plugin-permission-common';
import { ServerPermissionClient } from '@backstage/plugin-permission-node';

/** The subject the catalog sees as the actor of a request the scaffolder makes for a user. */
export const SCAFFOLDER_ACTOR = 'plugin:scaffolder';

/**
 * `catalog.location.create` asked by the catalog for a request the scaffolder made on
 * behalf of a user (a golden-path run's `catalog:register` or
 * `portal:catalog:register-local` step), so the policy can tell it from a user's own
 * `POST /api/catalog/locations`.
 *
 * Why a permission of its own: the scaffolder calls the catalog with an on-behalf-of
 * token (`ctx.getInitiatorCredentials()`), which the catalog authenticates as the user
 * with `actor: plugin:scaffolder`; but the catalog then asks the permission backend
 * with a token of its own on behalf of the user, so the policy only ever sees
 * `actor: plugin:catalog`, for both. The catalog's permissions service (below) still
 * holds the scaffolder actor, and names the request accordingly.
 */
export const scaffolderLocationCreatePermission = createPermission({
  name: 'portal.scaffolder.location.create',
  attributes: { action: 'create' },
});

/** Whether credentials are a user's, presented by the scaffolder acting for them. */
export function isScaffolderActingForUser(
  credentials: BackstageCredentials | undefined,
): boolean {
  const principal = credentials?.principal as
    | { type?: string; actor?: { type?: string; subject?: string } }
    | undefined;
  return (
    principal?.type === 'user' &&
    principal.actor?.type === 'service' &&
    principal.actor.subject === SCAFFOLDER_ACTOR
  );
}

function relabel<T extends AuthorizePermissionRequest | QueryPermissionRequest>(
  requests: T[],
  options: PermissionsServiceRequestOptions | undefined,
): T[] {
  if (!isScaffolderActingForUser(options?.credentials)) return requests;
  return requests.map(r =>
    r.permission.name === catalogLocationCreatePermission.name
      ? ({ ...r, permission: scaffolderLocationCreatePermission } as T)
      : r,
  );
}

/**
 * The catalog's permissions: Backstage's, except that location creation asked for a
 * request the scaffolder made for a user is asked as
 * {@link scaffolderLocationCreatePermission}. Nothing is decided here: the portal's
 * policy decides both permissions.
 */
export class ScaffolderAwarePermissions implements PermissionsService {
  constructor(private readonly inner: PermissionsService) {}

  authorize(
    requests: AuthorizePermissionRequest[],
    options: PermissionsServiceRequestOptions,
  ) {
    return this.inner.authorize(relabel(requests, options), options);
  }

  authorizeConditional(
    requests: QueryPermissionRequest[],
    options: PermissionsServiceRequestOptions,
  ) {
    return this.inner.authorizeConditional(relabel(requests, options), options);
  }
}

/**
 * Backstage's permissions service (as `@backstage/backend-defaults` makes it) for every
 * plugin, with {@link ScaffolderAwarePermissions} around the catalog's.
 */
export const portalPermissionsServiceFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {
    auth: coreServices.auth,
    config: coreServices.rootConfig,
    discovery: coreServices.discovery,
    plugin: coreServices.pluginMetadata,
  },
  async factory({ auth, config, discovery, plugin }) {
    const client = ServerPermissionClient.fromConfig(config, {
      auth,
      discovery,
    });
    return plugin.getId() === 'catalog'
      ? new ScaffolderAwarePermissions(client)
      : client;
  },
});
