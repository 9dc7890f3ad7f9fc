import {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { isError, NotAllowedError } from '@backstage/errors';
import {
  ClusterDetails,
  CustomResource,
  CustomResourcesByEntity,
  KubernetesFetcher,
  KubernetesObjectsByEntity,
  KubernetesObjectsProvider,
  KubernetesServiceLocator,
  ObjectToFetch,
} from '@backstage/plugin-kubernetes-node';

/**
 * The response of the Kubernetes plugin's objects provider.
 *
 * @public
 */
export type ObjectsByEntityResponse = Awaited<
  ReturnType<KubernetesObjectsProvider['getKubernetesObjectsByEntity']>
>;
type ClusterObjects = ObjectsByEntityResponse['items'][number];
type FetchResponse = ClusterObjects['resources'][number];
type FetchError = ClusterObjects['errors'][number];

/**
 * The label (and annotation) naming the Component a Kubernetes object belongs to.
 *
 * @public
 */
export const KUBERNETES_ID = 'backstage.io/kubernetes-id';
const LABEL_SELECTOR_ANNOTATION = 'backstage.io/kubernetes-label-selector';
const NAMESPACE_ANNOTATION = 'backstage.io/kubernetes-namespace';

/** Groups whose members see every team's objects (as in the portal's permission policy). */
const PLATFORM_ADMINS = 'platform-admins';
const FINOPS = 'finops';

/** A valid Kubernetes label value (what a selector `key=value` may hold). */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * The group, version and plural of a kind the tab may read, as config lists it.
 *
 * @public
 */
export interface AllowedResource {
  group: string;
  apiVersion: string;
  plural: string;
}

/** The teams a caller may read the objects of: every team, or some. */
type Scope = { all: true } | { all: false; teams: Set<string> };

/**
 * What the provider needs of the product: membership and team namespaces (the
 * catalog and the clusters, see TeamDirectory), and the reader's tokens.
 *
 * @public
 */
export interface TeamScopedObjectsDeps {
  logger: LoggerService;
  serviceLocator: KubernetesServiceLocator;
  fetcher: KubernetesFetcher;
  /** Object types of the tab (`kubernetes.objectTypes`, or the plugin's defaults). */
  objectTypesToFetch: ObjectToFetch[];
  /** Custom resources of the tab (`kubernetes.customResources`). */
  customResources: CustomResource[];
  /** A user's direct teams (Group names); undefined for a User missing from the catalog. */
  membershipOf(userEntityRef: string): Promise<string[] | undefined>;
  /** A team's managed namespaces on a cluster (labelled with the team AND managed-by). */
  managedNamespaces(cluster: string, team: string): Promise<string[]>;
  /** A token of the portal reader (aiml-access/aiml-portal-reader) on a cluster. */
  readerToken(cluster: string): Promise<string>;
  /** Custom resources a request may ask for (`aiml.kubernetes.allowedCustomResources`). */
  allowedCustomResources: AllowedResource[];
  /** `backstage.io/kubernetes-label-selector` values accepted (`aiml.kubernetes.allowedLabelSelectors`). */
  allowedLabelSelectors: string[];
  /** Services and what they may read (`aiml.serviceAccess`). */
  serviceAccess: Map<string, 'fleet' | { teams: string[] }>;
}

/**
 * Reads `aiml.kubernetes` and `aiml.serviceAccess` for {@link TeamScopedObjectsProvider}.
 *
 * @public
 */
export function readKubernetesTabConfig(config: RootConfigService): {
  allowedCustomResources: AllowedResource[];
  allowedLabelSelectors: string[];
  serviceAccess: Map<string, 'fleet' | { teams: string[] }>;
} {
  const allowedCustomResources = (
    config.getOptionalConfigArray('aiml.kubernetes.allowedCustomResources') ??
    []
  ).map(c => ({
    group: c.getString('group'),
    apiVersion: c.getString('apiVersion'),
    plural: c.getString('plural'),
  }));
  const allowedLabelSelectors =
    config.getOptionalStringArray('aiml.kubernetes.allowedLabelSelectors') ??
    [];
  const serviceAccess = new Map<string, 'fleet' | { teams: string[] }>();
  (config.getOptionalConfigArray('aiml.serviceAccess') ?? []).forEach(entry => {
    const read = entry.getOptional('read');
    if (read === 'fleet')
      serviceAccess.set(entry.getString('subject'), 'fleet');
    else if (read && typeof read === 'object' && !Array.isArray(read)) {
      serviceAccess.set(entry.getString('subject'), {
        teams: entry.getConfig('read').getStringArray('teams'),
      });
    }
  });
  return { allowedCustomResources, allowedLabelSelectors, serviceAccess };
}

const sameKind = (a: AllowedResource, b: AllowedResource) =>
  a.group === b.group && a.apiVersion === b.apiVersion && a.plural === b.plural;

const kindName = (r: AllowedResource) =>
  `${r.group || 'core'}/${r.apiVersion} ${r.plural}`;

function messageOf(error: unknown): string {
  return isError(error) ? error.message : String(error);
}

/** Custom resources of one kind and version are answered together (one key). */
function customResourceKey(first: unknown): string {
  const { kind, apiVersion } = (first ?? {}) as {
    kind?: string;
    apiVersion?: string;
  };
  return `customresources/${kind ?? ''}/${apiVersion ?? ''}`;
}

/**
 * The Kubernetes tab's objects provider (the kubernetes-backend's objects provider
 * extension point), scoped to the team that owns the entity:
 *
 * - only members of the owning team (the entity's `spec.owner` Group; membership read
 *   from the catalog at request time), platform admins and FinOps; anyone else gets
 *   403 with a message. Services only as `aiml.serviceAccess` lists them.
 * - only in the team's managed namespaces (labelled managed-by=eks-aiml and
 *   team=<team>) on each cluster, one namespaced list per namespace, never a list
 *   across all namespaces; a `backstage.io/kubernetes-namespace` annotation can only
 *   narrow that.
 * - only by the label `backstage.io/kubernetes-id=<entity name>`; a
 *   `backstage.io/kubernetes-label-selector` annotation is refused unless
 *   `aiml.kubernetes.allowedLabelSelectors` lists it, and custom resources a request
 *   names unless `aiml.kubernetes.allowedCustomResources` (or `kubernetes.customResources`)
 *   lists them. Secrets never.
 * - with the token of the portal reader ServiceAccount (aiml-access/aiml-portal-reader),
 *   never the backend's own identity.
 *
 * @public
 */
export class TeamScopedObjectsProvider implements KubernetesObjectsProvider {
  constructor(private readonly deps: TeamScopedObjectsDeps) {}

  async getKubernetesObjectsByEntity(
    request: KubernetesObjectsByEntity,
    options: { credentials: BackstageCredentials },
  ): Promise<ObjectsByEntityResponse> {
    const objectTypes = this.deps.objectTypesToFetch.filter(
      t => !this.isSecret(t),
    );
    const custom = this.deps.customResources.filter(t => !this.isSecret(t));
    return this.read(request.entity, options.credentials, objectTypes, custom);
  }

  async getCustomResourcesByEntity(
    request: CustomResourcesByEntity,
    options: { credentials: BackstageCredentials },
  ): Promise<ObjectsByEntityResponse> {
    const allowed = [
      ...this.deps.allowedCustomResources,
      ...this.deps.customResources,
    ];
    const asked: CustomResource[] = [];
    for (const r of request.customResources ?? []) {
      const kind = {
        group: String(r.group ?? ''),
        apiVersion: String(r.apiVersion ?? ''),
        plural: String(r.plural ?? ''),
      };
      if (this.isSecret(kind) || !allowed.some(a => sameKind(a, kind))) {
        throw new NotAllowedError(
          `The Kubernetes tab does not read ${kindName(
            kind,
          )}: a request may name only the custom resources aiml.kubernetes.allowedCustomResources or kubernetes.customResources list${
            allowed.length ? ` (${allowed.map(kindName).join(', ')})` : ''
          }`,
        );
      }
      asked.push({ ...kind, objectType: 'customresources' });
    }
    return this.read(request.entity, options.credentials, [], asked);
  }

  private isSecret(kind: { group: string; plural: string }) {
    return kind.group === '' && kind.plural === 'secrets';
  }

  /** Which teams the caller may read; refuses callers who may read none. */
  private async scopeOf(credentials: BackstageCredentials): Promise<{
    who: string;
    scope: Scope;
  }> {
    const principal = credentials.principal as
      | BackstageUserPrincipal
      | BackstageServicePrincipal
      | { type: 'none' };
    if (principal.type === 'user') {
      const who = principal.userEntityRef;
      const teams = await this.deps.membershipOf(who);
      if (teams === undefined) {
        throw new NotAllowedError(
          `${who} is not in the catalog: the Kubernetes tab shows objects only to members of the owning team`,
        );
      }
      if (teams.includes(PLATFORM_ADMINS) || teams.includes(FINOPS)) {
        return { who, scope: { all: true } };
      }
      return { who, scope: { all: false, teams: new Set(teams) } };
    }
    if (principal.type === 'service') {
      const who = principal.subject;
      const read = this.deps.serviceAccess.get(who);
      if (!read) {
        throw new NotAllowedError(
          `Service ${who} may not read Kubernetes objects: list it in aiml.serviceAccess with what it may read (read: fleet, or read: { teams: [...] })`,
        );
      }
      return {
        who: `service ${who}`,
        scope:
          read === 'fleet'
            ? { all: true }
            : { all: false, teams: new Set(read.teams) },
      };
    }
    throw new NotAllowedError(
      'The Kubernetes tab shows objects only to signed-in members of the owning team',
    );
  }

  /** The owning team of an entity (its `spec.owner`, a Group of the default namespace). */
  private ownerTeam(entity: Entity): string | undefined {
    const owner = entity.spec?.owner;
    if (typeof owner !== 'string' || !owner) return undefined;
    try {
      const ref = parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      });
      if (
        ref.kind.toLocaleLowerCase('en-US') !== 'group' ||
        ref.namespace !== 'default'
      ) {
        return undefined;
      }
      return ref.name;
    } catch {
      return undefined;
    }
  }

  /** The label selector of an entity's objects, or a refusal. */
  private labelSelector(entity: Entity, entityRef: string): string {
    const annotations = entity.metadata.annotations ?? {};
    const selector = annotations[LABEL_SELECTOR_ANNOTATION];
    if (selector !== undefined) {
      if (!this.deps.allowedLabelSelectors.includes(selector)) {
        throw new NotAllowedError(
          `${entityRef} has a ${LABEL_SELECTOR_ANNOTATION} annotation ("${selector}"): the Kubernetes tab finds objects only by the label ${KUBERNETES_ID}=<entity name>, unless aiml.kubernetes.allowedLabelSelectors lists the selector`,
        );
      }
      return selector;
    }
    const name = entity.metadata.name;
    const id = annotations[KUBERNETES_ID];
    if (id !== undefined && id !== name) {
      throw new NotAllowedError(
        `${entityRef} has ${KUBERNETES_ID} "${id}": the Kubernetes tab finds an entity's objects only by the label ${KUBERNETES_ID}=${name}, its own name`,
      );
    }
    if (name.length > 63 || !LABEL_VALUE.test(name)) {
      throw new NotAllowedError(
        `${entityRef}: "${name}" is not a Kubernetes label value, so no object can carry ${KUBERNETES_ID}=${name}`,
      );
    }
    return `${KUBERNETES_ID}=${name}`;
  }

  private async read(
    entity: Entity | undefined,
    credentials: BackstageCredentials,
    objectTypes: ObjectToFetch[],
    customResources: CustomResource[],
  ): Promise<ObjectsByEntityResponse> {
    if (!entity?.metadata?.name) {
      throw new NotAllowedError(
        "The Kubernetes tab reads a catalog entity's objects: the request names no entity",
      );
    }
    const entityRef = stringifyEntityRef(entity);
    const { who, scope } = await this.scopeOf(credentials);
    const team = this.ownerTeam(entity);
    const member = team !== undefined && (scope.all || scope.teams.has(team));
    if (!member) {
      throw new NotAllowedError(
        team === undefined
          ? `${entityRef} is owned by ${String(
              entity.spec?.owner ?? 'nobody',
            )}, not a team (a Group): the Kubernetes tab shows no objects for it`
          : `${who} may not read the Kubernetes objects of ${entityRef}: it is owned by group:default/${team}, and only its members, platform admins and FinOps see them`,
      );
    }
    const labelSelector = this.labelSelector(entity, entityRef);
    const wantedNamespace = entity.metadata.annotations?.[NAMESPACE_ANNOTATION];

    const { clusters } = await this.deps.serviceLocator.getClustersByEntity(
      entity,
      {
        objectTypesToFetch: new Set(objectTypes),
        customResources: customResources.map(c => ({
          group: c.group,
          apiVersion: c.apiVersion,
          plural: c.plural,
        })),
        credentials,
      },
    );
    const items = await Promise.all(
      clusters.map(cluster =>
        this.readCluster(cluster, {
          team,
          wantedNamespace,
          labelSelector,
          objectTypes,
          customResources,
          serviceId: entity.metadata.name,
        }),
      ),
    );
    return {
      items: items.filter(
        (item): item is ClusterObjects =>
          item !== undefined &&
          (item.errors.length > 0 ||
            item.resources.some(r => r.resources.length > 0)),
      ),
    };
  }

  private async readCluster(
    cluster: ClusterDetails,
    q: {
      team: string;
      wantedNamespace?: string;
      labelSelector: string;
      objectTypes: ObjectToFetch[];
      customResources: CustomResource[];
      serviceId: string;
    },
  ): Promise<ClusterObjects | undefined> {
    const objects: ClusterObjects = {
      cluster: {
        name: cluster.name,
        ...(cluster.title ? { title: cluster.title } : {}),
      },
      podMetrics: [],
      resources: [],
      errors: [],
    };
    const fetchError = (message: string): FetchError => ({
      errorType: 'FETCH_ERROR',
      message,
    });
    let namespaces: string[];
    try {
      namespaces = await this.deps.managedNamespaces(cluster.name, q.team);
    } catch (error) {
      this.deps.logger.warn(
        `Kubernetes tab: could not list the namespaces of team ${q.team} on ${
          cluster.name
        }: ${messageOf(error)}`,
      );
      objects.errors.push(
        fetchError(
          `could not list the namespaces of team ${q.team} on ${cluster.name}`,
        ),
      );
      return objects;
    }
    if (q.wantedNamespace !== undefined) {
      namespaces = namespaces.filter(n => n === q.wantedNamespace);
    }
    if (!namespaces.length) return undefined;
    let token: string;
    try {
      token = await this.deps.readerToken(cluster.name);
    } catch (error) {
      this.deps.logger.warn(
        `Kubernetes tab: no token of the portal reader on ${
          cluster.name
        }: ${messageOf(error)}`,
      );
      objects.errors.push(
        fetchError(
          `no token of the portal reader (aiml-access/aiml-portal-reader) on ${cluster.name}: is the cluster bootstrap bundle applied?`,
        ),
      );
      return objects;
    }
    const byType = new Map<string, FetchResponse>();
    const results = await Promise.all(
      namespaces.map(namespace =>
        this.deps.fetcher
          .fetchObjectsForService({
            serviceId: q.serviceId,
            clusterDetails: cluster,
            credential: { type: 'bearer token', token },
            objectTypesToFetch: new Set(q.objectTypes),
            labelSelector: q.labelSelector,
            customResources: q.customResources,
            namespace,
          })
          .catch(error => ({
            errors: [fetchError(messageOf(error))],
            responses: [],
          })),
      ),
    );
    for (const result of results) {
      objects.errors.push(...result.errors);
      for (const response of result.responses) {
        const key =
          response.type === 'customresources'
            ? customResourceKey(response.resources[0])
            : response.type;
        if (response.type === 'customresources' && !response.resources.length)
          continue;
        const seen = byType.get(key);
        if (seen) {
          (seen.resources as unknown[]).push(...response.resources);
        } else {
          const copy = {
            ...response,
            resources: [...response.resources],
          } as FetchResponse;
          byType.set(key, copy);
          objects.resources.push(copy);
        }
      }
    }
    return objects;
  }
}
