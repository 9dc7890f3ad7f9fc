import { NotAllowedError } from '@backstage/errors';
import {
  AimlCohort,
  AimlCohortList,
  AimlKueueSettings,
  AimlTeamQueue,
  AimlTeamQueues,
  aimlUsageReadPermission,
  cohortLoans,
  KueueClusterQueue,
  LABEL_TEAM,
  queueResources,
  teamClusterQueueName,
} from '@eks-aiml/plugin-aiml-common';
import {
  AimlClusterConfig,
  AimlClusterRegistry,
  kueueSettingsOf,
  TeamDirectory,
} from '@eks-aiml/plugin-aiml-node';
import { Caller, CallerAccess } from '../../permissions/callerAccess';
import { describeError } from '../access/describeError';
import { readKueue } from './readKueue';

/** The team a ClusterQueue is for: its team label, else its name (a platform's own queue in the cohort). */
export const teamOfQueue = (q: KueueClusterQueue) =>
  q.metadata.labels?.[LABEL_TEAM] ?? q.metadata.name;

const weightOf = (q: KueueClusterQueue) =>
  q.spec.fairSharing?.weight === undefined
    ? {}
    : { fairSharingWeight: String(q.spec.fairSharing.weight) };

/**
 * The teams' Kueue queues as the clusters with `scheduling: kueue` have them:
 * a team's ClusterQueue (nominal, in use, borrowed, lent, what it can admit now)
 * and LocalQueues for whoever may read the team's usage, and each cluster's
 * cohort (who borrows from whom) for those who see every team. Read only, with
 * the backend's own identity; a cluster that does not answer is reported in its
 * entry, not fatal.
 */
export class QueueService {
  constructor(
    private readonly deps: {
      registry: AimlClusterRegistry;
      teams: TeamDirectory;
      access: CallerAccess;
    },
  ) {}

  private kueueClusters(): Array<{
    cluster: AimlClusterConfig;
    kueue: AimlKueueSettings;
  }> {
    return this.deps.registry.listClusters().flatMap(cluster => {
      const kueue = kueueSettingsOf(cluster);
      return kueue ? [{ cluster, kueue }] : [];
    });
  }

  /** `GET /queues/teams/:team`: the team's queue on each Kueue cluster. */
  async teamQueues(caller: Caller, team: string): Promise<AimlTeamQueues> {
    await this.deps.access.requireTeam(
      caller,
      aimlUsageReadPermission,
      team,
      `You may not see the queues of team "${team}"`,
    );
    // A name that is no Group is a 404, as for usage.
    await this.deps.teams.getTeam(team);
    const queues = await Promise.all(
      this.kueueClusters().map(({ cluster, kueue }) =>
        this.teamQueue(cluster, kueue, team),
      ),
    );
    return { team, queues };
  }

  private async teamQueue(
    cluster: AimlClusterConfig,
    kueue: AimlKueueSettings,
    team: string,
  ): Promise<AimlTeamQueue> {
    const name = teamClusterQueueName(team);
    const base = {
      cluster: cluster.name,
      clusterQueue: name,
      cohort: kueue.cohort,
      resources: [],
      pendingWorkloads: 0,
      admittedWorkloads: 0,
      localQueues: [],
    };
    try {
      const namespaces = await this.deps.teams.managedNamespaces(
        cluster.name,
        team,
      );
      const state = await readKueue(
        await this.deps.registry.getBackendKubeConfig(cluster.name),
        { namespaces, cohort: kueue.cohort },
      );
      const cq = state.clusterQueues.find(q => q.metadata.name === name);
      if (!cq) {
        return {
          ...base,
          error: `The cluster has no ClusterQueue ${name} in cohort ${kueue.cohort} yet: provisioning a namespace of the team (a golden path) makes it`,
        };
      }
      const loans = cohortLoans(state.clusterQueues, q =>
        teamOfQueue(state.clusterQueues.find(x => x.metadata.name === q)!),
      );
      return {
        ...base,
        ...weightOf(cq),
        resources: queueResources(cq, {
          queues: state.clusterQueues,
          loans,
          team,
        }),
        pendingWorkloads: cq.status?.pendingWorkloads ?? 0,
        admittedWorkloads: cq.status?.admittedWorkloads ?? 0,
        localQueues: state.localQueues
          .filter(q => q.spec.clusterQueue === name)
          .map(q => ({
            namespace: q.metadata.namespace ?? '',
            name: q.metadata.name,
            pendingWorkloads: q.status?.pendingWorkloads ?? 0,
            admittedWorkloads: q.status?.admittedWorkloads ?? 0,
          })),
      };
    } catch (error) {
      return { ...base, error: describeError(error) };
    }
  }

  /** `GET /queues/cohorts`: every Kueue cluster's cohort, for callers who see every team. */
  async cohorts(caller: Caller): Promise<AimlCohortList> {
    if (!(await this.deps.access.seesFleet(caller, aimlUsageReadPermission))) {
      throw new NotAllowedError(
        `You may not see the cohorts: they show every team's queue, so only those who see every team may (${aimlUsageReadPermission.name} for all teams: FinOps and platform admins); see your team's queue at /queues/teams/<team>`,
      );
    }
    return {
      items: await Promise.all(
        this.kueueClusters().map(({ cluster, kueue }) =>
          this.cohort(cluster, kueue),
        ),
      ),
    };
  }

  private async cohort(
    cluster: AimlClusterConfig,
    kueue: AimlKueueSettings,
  ): Promise<AimlCohort> {
    const base = {
      cluster: cluster.name,
      name: kueue.cohort,
      queues: [],
      loans: [],
    };
    try {
      const { clusterQueues } = await readKueue(
        await this.deps.registry.getBackendKubeConfig(cluster.name),
        { namespaces: [], cohort: kueue.cohort },
      );
      const teamOf = new Map(
        clusterQueues.map(q => [q.metadata.name, teamOfQueue(q)]),
      );
      const loans = cohortLoans(clusterQueues, q => teamOf.get(q)!);
      return {
        ...base,
        queues: clusterQueues.map(q => ({
          team: teamOfQueue(q),
          clusterQueue: q.metadata.name,
          ...weightOf(q),
          resources: queueResources(q, {
            queues: clusterQueues,
            loans,
            team: teamOfQueue(q),
          }),
          pendingWorkloads: q.status?.pendingWorkloads ?? 0,
          admittedWorkloads: q.status?.admittedWorkloads ?? 0,
        })),
        loans,
      };
    } catch (error) {
      return { ...base, error: describeError(error) };
    }
  }
}
