import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  PermissionsService,
  PermissionsServiceRequestOptions,
} from '@backstage/backend-plugin-api';
import {
  catalogEntityDeletePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizePermissionRequest,
  createPermission,
  Permission,
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

/**
 * `catalog.location.delete` asked for a request the scaffolder made on behalf of a user:
 * `aiml:project:retire` unregistering a project it retired (the catalog's "Unregister
 * entity": removing the location the entity came from), after the portal's policy allowed
 * `aiml.project.retire` for the project's team. Asked apart for the reason
 * {@link scaffolderLocationCreatePermission} is.
 */
export const scaffolderLocationDeletePermission = createPermission({
  name: 'portal.scaffolder.location.delete',
  attributes: { action: 'delete' },
});

/**
 * `catalog.entity.delete` asked for a request the scaffolder made on behalf of a user:
 * `aiml:project:retire` deleting a retired project's entity whose location is gone
 * (an orphan). A resource permission of the catalog, so the policy may answer with the
 * catalog's conditions.
 */
export const scaffolderEntityDeletePermission = createPermission({
  name: 'portal.scaffolder.entity.delete',
  attributes: { action: 'delete' },
  resourceType: 'catalog-entity',
});

/** The catalog's permissions asked under another name when the scaffolder acts for a user. */
const AS_SCAFFOLDER = new Map<string, Permission>([
  [catalogLocationCreatePermission.name, scaffolderLocationCreatePermission],
  [catalogLocationDeletePermission.name, scaffolderLocationDeletePermission],
  [catalogEntityDeletePermission.name, scaffolderEntityDeletePermission],
]);

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
  return requests.map(r => {
    const renamed = AS_SCAFFOLDER.get(r.permission.name);
    return renamed ? ({ ...r, permission: renamed } as T) : r;
  });
}

/**
 * The catalog's permissions: Backstage's, except that location creation and deletion
 * and entity deletion asked for a request the scaffolder made for a user are asked as
 * {@link scaffolderLocationCreatePermission}, {@link scaffolderLocationDeletePermission}
 * and {@link scaffolderEntityDeletePermission}. Nothing is decided here: the portal's
 * policy decides every one of them.
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
