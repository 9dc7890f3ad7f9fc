import { AuthService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CoreV1Api } from '@kubernetes/client-node';
import {
  ANNOTATION_COST_CENTER,
  ANNOTATION_FAIR_SHARING_WEIGHT,
  ANNOTATION_MONTHLY_BUDGET,
  ANNOTATION_QUOTA_GPU,
  ANNOTATION_QUOTA_NEURON_CORES,
  ANNOTATION_TEAM_LEADS,
  isSystemNamespace,
  LABEL_MANAGED_BY,
  LABEL_TEAM,
  MANAGED_BY_VALUE,
} from '@eks-aiml/plugin-aiml-common';
import { AimlClusterRegistry } from '../clusters/clusterRegistry';
import { makeKubernetesApi } from '../kubernetes/kubernetesApi';

/**
 * A team: a catalog Group, with what the product reads of it.
 *
 * @public
 */
export interface TeamInfo {
  /** The Group's metadata.name, the team key everywhere. */
  name: string;
  title: string;
  costCenter?: string;
  /** User names of the team's leads. */
  leads: string[];
  /** Accelerator quota per namespace: config default, or the Group's annotation. */
  quota: { gpu: number; neuronCores: number };
  /** Monthly accelerator budget, or undefined when none is set. */
  monthlyBudget?: number;
  /**
   * The team's Kueue fair-sharing weight from the Group's annotation; undefined:
   * the cluster's `kueue.fairSharingWeight`.
   */
  fairSharingWeight?: number;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function numberAnnotation(entity: Entity, key: string): number | undefined {
  const text = entity.metadata.annotations?.[key];
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** A Group's `spec.profile.displayName`, if it has one. */
function displayNameOf(group: Entity): string | undefined {
  const profile = group.spec?.profile;
  if (typeof profile !== 'object' || profile === null || Array.isArray(profile))
    return undefined;
  return typeof profile.displayName === 'string'
    ? profile.displayName
    : undefined;
}

/**
 * Teams and their namespaces, from the only sources the product trusts: the
 * catalog for membership (a User's direct memberOf), and namespaces labelled with
 * BOTH the team and managed-by on the cluster. No annotation can point a team at a
 * namespace. A catalog that does not answer raises ServiceUnavailableError, so no
 * caller ever mistakes an outage for "not a member".
 *
 * @public
 */
export class TeamDirectory {
  /** Groups read lately, by name: what each answered, and when it was asked. */
  private readonly groups = new Map<
    string,
    { at: number; group: Promise<Entity | undefined> }
  >();

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      config: Config;
      registry: AimlClusterRegistry;
      /**
       * How long a Group read from the catalog is reused (default 0: never). Every
       * team-scoped request reads its team; a changed Group (its leads, quota, budget)
       * takes effect at most this long after the catalog shows it. Groups not found
       * and failed reads are never reused.
       */
      groupCacheMs?: number;
      now?: () => number;
    },
  ) {}

  private now() {
    return this.deps.now ? this.deps.now() : Date.now();
  }

  /**
   * The Groups of `names` (valid team names, no repeats), in order: those read within
   * `groupCacheMs` again, the others in one catalog request.
   */
  private async readGroups(
    names: string[],
  ): Promise<Array<Entity | undefined>> {
    const ttl = this.deps.groupCacheMs ?? 0;
    if (ttl <= 0) return this.fetchGroups(names);
    const now = this.now();
    const fresh = (name: string) => {
      const hit = this.groups.get(name);
      return hit && now - hit.at < ttl ? hit.group : undefined;
    };
    const missing = names.filter(name => !fresh(name));
    if (missing.length) {
      const read = this.fetchGroups(missing);
      missing.forEach((name, i) => {
        const entry = { at: now, group: read.then(items => items[i]) };
        this.groups.set(name, entry);
        // Neither an outage nor a Group not (yet) there is remembered.
        const forget = () => {
          if (this.groups.get(name) === entry) this.groups.delete(name);
        };
        entry.group.then(found => found || forget(), forget);
      });
    }
    return Promise.all(names.map(name => fresh(name)!));
  }

  private async fetchGroups(
    names: string[],
  ): Promise<Array<Entity | undefined>> {
    const opts = await this.credentials();
    const refs = names.map(name =>
      stringifyEntityRef({ kind: 'group', namespace: 'default', name }),
    );
    const { items } = await this.catalogCall(`${refs.length} Groups`, () =>
      this.deps.catalog.getEntitiesByRefs({ entityRefs: refs }, opts),
    );
    return items.map(item => item ?? undefined);
  }

  private async catalogCall<T>(
    what: string,
    call: () => Promise<T>,
  ): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new ServiceUnavailableError(
        `The catalog did not answer while reading ${what}: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
  }

  private async credentials() {
    return { credentials: await this.deps.auth.getOwnServiceCredentials() };
  }

  /** The names of the teams a user is a direct member of (empty for an unknown user). */
  async teamsOf(userEntityRef: string): Promise<string[]> {
    return (await this.membershipOf(userEntityRef)) ?? [];
  }

  /**
   * The names of the teams a user is a direct member of; undefined when the catalog
   * has no such User (a leaver). Throws ServiceUnavailableError when the catalog
   * does not answer, so an outage is never taken for a leaver.
   */
  async membershipOf(userEntityRef: string): Promise<string[] | undefined> {
    const ref = parseEntityRef(userEntityRef);
    if (ref.kind.toLocaleLowerCase('en-US') !== 'user') return undefined;
    const opts = await this.credentials();
    const user = await this.catalogCall(userEntityRef, () =>
      this.deps.catalog.getEntityByRef(ref, opts),
    );
    if (!user) return undefined;
    return (user.relations ?? [])
      .filter(r => r.type === 'memberOf')
      .map(r => parseEntityRef(r.targetRef))
      .filter(r => r.kind === 'group' && r.namespace === 'default')
      .map(r => r.name)
      .sort();
  }

  /** A team by name; NotFoundError when no such Group exists. */
  async getTeam(name: string): Promise<TeamInfo> {
    if (!DNS_LABEL.test(name))
      throw new NotFoundError(`"${name}" is not a team name (a Group name)`);
    const [group] = await this.readGroups([name]);
    if (!group)
      throw new NotFoundError(
        `No team "${name}": there is no Group group:default/${name} in the catalog`,
      );
    return this.teamInfo(name, group);
  }

  /**
   * Teams by name in one catalog request (permission checks load many at once);
   * names that are not Groups are left out.
   */
  async getTeams(names: string[]): Promise<Map<string, TeamInfo>> {
    const valid = [...new Set(names)].filter(n => DNS_LABEL.test(n));
    const teams = new Map<string, TeamInfo>();
    if (!valid.length) return teams;
    const groups = await this.readGroups(valid);
    groups.forEach((group, i) => {
      if (group) teams.set(valid[i], this.teamInfo(valid[i], group));
    });
    return teams;
  }

  private teamInfo(name: string, group: Entity): TeamInfo {
    const defaults = this.deps.config.getOptionalConfig('aiml.teams.defaults');
    const annotations = group.metadata.annotations ?? {};
    return {
      name,
      title: group.metadata.title ?? displayNameOf(group) ?? name,
      costCenter: annotations[ANNOTATION_COST_CENTER],
      leads: (annotations[ANNOTATION_TEAM_LEADS] ?? '')
        .split(',')
        .map(s => s.trim())
        .filter(Boolean),
      quota: {
        gpu:
          numberAnnotation(group, ANNOTATION_QUOTA_GPU) ??
          defaults?.getOptionalNumber('quota.gpu') ??
          8,
        neuronCores:
          numberAnnotation(group, ANNOTATION_QUOTA_NEURON_CORES) ??
          defaults?.getOptionalNumber('quota.neuronCores') ??
          32,
      },
      monthlyBudget:
        numberAnnotation(group, ANNOTATION_MONTHLY_BUDGET) ??
        defaults?.getOptionalNumber('monthlyBudget'),
      fairSharingWeight: numberAnnotation(
        group,
        ANNOTATION_FAIR_SHARING_WEIGHT,
      ),
    };
  }

  /** Whether a user leads a team (named in the Group's team-leads annotation). */
  async isLead(userEntityRef: string, team: string): Promise<boolean> {
    const { name, kind } = parseEntityRef(userEntityRef);
    if (kind.toLocaleLowerCase('en-US') !== 'user') return false;
    return (await this.getTeam(team)).leads.includes(name);
  }

  /** The team's namespaces on a cluster: labelled with the team AND managed by us. */
  async managedNamespaces(cluster: string, team: string): Promise<string[]> {
    if (!DNS_LABEL.test(team)) return [];
    const core = makeKubernetesApi(
      await this.deps.registry.getBackendKubeConfig(cluster),
      CoreV1Api,
    );
    const list = await core.listNamespace({
      labelSelector: `${LABEL_TEAM}=${team},${LABEL_MANAGED_BY}=${MANAGED_BY_VALUE}`,
    });
    return list.items
      .filter(
        ns =>
          ns.metadata?.labels?.[LABEL_TEAM] === team &&
          ns.metadata?.labels?.[LABEL_MANAGED_BY] === MANAGED_BY_VALUE,
      )
      .map(ns => ns.metadata!.name!)
      .filter(n => !isSystemNamespace(n))
      .sort();
  }
}
