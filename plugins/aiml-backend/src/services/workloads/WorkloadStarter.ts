import {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import {
  AimlWorkloadObject,
  aimlUsageReadPermission,
  aimlWorkloadResumePermission,
  isSuspended,
  LABEL_KUBERNETES_ID,
  resumableKindOf,
  startOperations,
  waitingFor,
} from '@eks-aiml/plugin-aiml-common';
import type {
  AimlProjectWorkloads,
  AimlWorkloadQueue,
  AimlWorkloadsStarted,
} from '@eks-aiml/plugin-aiml-common';
import {
  AimlClusterRegistry,
  kueueSettingsOf,
  makeKubernetesApi,
  TeamDirectory,
} from '@eks-aiml/plugin-aiml-node';
import { TeamAuthorizer } from '../../permissions';
import { audited, AuditContext } from '../access/auditContext';
import { projectQueueStates } from '../queues/projectQueues';
import { readKueue } from '../queues/readKueue';
import { ownerTeam } from '../ownerTeam';
import { readProjectObjects } from './projectObjects';
import {
  missingAssociation,
  missingImages,
  MissingPrerequisite,
} from './readiness';

/** The annotation of the cluster a golden-path project runs on (the skeleton's catalog-info.yaml). */
const ANNOTATION_CLUSTER = 'aiml.eks.aws/cluster';
/** Backstage's annotation narrowing a Component to one namespace. */
const ANNOTATION_NAMESPACE = 'backstage.io/kubernetes-namespace';
/** The field manager of the portal's starts, as the cluster's managedFields and audit log show it. */
export const START_FIELD_MANAGER = 'eks-aiml-resume';

/** Where a project's workloads are: resolved from its catalog entity. */
interface ProjectTarget {
  ref: string;
  team: string;
  cluster: string;
  kubernetesId: string;
}

/** What a project's held workloads wait for, read from the cluster and AWS. */
interface Survey {
  target: ProjectTarget;
  kubeConfig: KubeConfig;
  workloads: AimlWorkloadObject[];
  held: AimlWorkloadObject[];
  missing: MissingPrerequisite[];
  /** On a Kueue cluster: each queued workload's state, by `<namespace>/<name>`. */
  queues: Map<string, AimlWorkloadQueue>;
}

const queueOf = (s: Survey, w: AimlWorkloadObject) => {
  const queue = s.queues.get(`${w.metadata.namespace}/${w.metadata.name}`);
  return queue ? { queue } : {};
};

const describe = (o: AimlWorkloadObject) =>
  `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`;

/**
 * Starts a project's workloads that the golden paths applied held, once what
 * they wait for exists: the project's image in ECR (DescribeImages) and its Pod
 * Identity association active (ACK.ResourceSynced). Each start is a JSON patch of
 * the one held field (tested first), made with the backend's own cluster
 * identity in the team's managed namespaces only; it is audited. Who may start
 * is the portal's policy (`aiml.workload.resume`, the owning team's members).
 * On a cluster with `scheduling: kueue` a training job's start submits it to its
 * LocalQueue instead (the queue label, `suspend` left for Kueue to clear when it
 * admits the whole job), and the answer carries each job's queue state.
 */
export class WorkloadStarter {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      registry: AimlClusterRegistry;
      teams: TeamDirectory;
      authorizer: TeamAuthorizer;
      auditor: AuditorService;
    },
  ) {}

  private async target(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<{ target: ProjectTarget; entity: Entity }> {
    const entity = await this.deps.catalog.getEntityByRef(ref, { credentials });
    if (!entity) throw new NotFoundError(`No project ${ref} in the catalog`);
    const team = ownerTeam(
      entity.spec?.owner,
      entity.metadata.namespace ?? 'default',
    );
    if (!team) {
      throw new NotFoundError(
        `Project ${ref} is not owned by a team (a Group in the default namespace); its owner is ${String(
          entity.spec?.owner ?? 'missing',
        )}`,
      );
    }
    const cluster = entity.metadata.annotations?.[ANNOTATION_CLUSTER];
    if (!cluster) {
      throw new InputError(
        `Project ${ref} has no ${ANNOTATION_CLUSTER} annotation: the golden paths write the cluster it runs on into catalog-info.yaml`,
      );
    }
    return {
      entity,
      target: {
        ref,
        team,
        // Only clusters of aiml.clusters: an unknown name is a NotFoundError.
        cluster: this.deps.registry.getCluster(cluster).name,
        kubernetesId:
          entity.metadata.annotations?.[LABEL_KUBERNETES_ID] ??
          entity.metadata.name,
      },
    };
  }

  private async survey(
    ref: string,
    credentials: BackstageCredentials,
    permission: typeof aimlUsageReadPermission,
    why: string,
  ): Promise<Survey> {
    const { target, entity } = await this.target(ref, credentials);
    await this.deps.authorizer.require(
      permission,
      target.team,
      credentials,
      why,
    );
    const cluster = this.deps.registry.getCluster(target.cluster);
    // Only the team's managed namespaces, narrowed by the entity's own annotation.
    const only = entity.metadata.annotations?.[ANNOTATION_NAMESPACE];
    const namespaces = (
      await this.deps.teams.managedNamespaces(cluster.name, target.team)
    ).filter(n => !only || n === only);
    const kubeConfig = await this.deps.registry.getBackendKubeConfig(
      cluster.name,
    );
    const found = await Promise.all(
      namespaces.map(n =>
        readProjectObjects(kubeConfig, n, target.kubernetesId),
      ),
    );
    const workloads = found.flatMap(f => f.workloads);
    const held = workloads.filter(isSuspended);
    const waits = new Set(held.flatMap(waitingFor));
    const missing: MissingPrerequisite[] = [];
    if (waits.has('image')) {
      missing.push(
        ...(await missingImages(
          this.deps.registry.aws().ecr(cluster),
          { accountId: cluster.accountId, region: cluster.region },
          held.filter(w => waitingFor(w).includes('image')),
        )),
      );
    }
    if (waits.has('pod-identity')) {
      for (const f of found.filter(n =>
        n.workloads.some(
          w => held.includes(w) && waitingFor(w).includes('pod-identity'),
        ),
      )) {
        missing.push(
          ...missingAssociation(
            target.kubernetesId,
            f.namespace,
            f.associations,
          ),
        );
      }
    }
    const kueue = kueueSettingsOf(cluster);
    const queues = kueue
      ? projectQueueStates(
          target.team,
          workloads,
          await readKueue(kubeConfig, { namespaces, cohort: kueue.cohort }),
        )
      : new Map<string, AimlWorkloadQueue>();
    return { target, kubeConfig, workloads, held, missing, queues };
  }

  private answer(s: Survey): AimlProjectWorkloads {
    return {
      project: s.target.ref,
      team: s.target.team,
      cluster: s.target.cluster,
      workloads: s.workloads.map(w => ({
        apiVersion: w.apiVersion,
        kind: w.kind,
        namespace: w.metadata.namespace ?? '',
        name: w.metadata.name,
        suspended: isSuspended(w),
        waitingFor: waitingFor(w),
        ...queueOf(s, w),
      })),
      missing: s.missing,
    };
  }

  /** The project's held and started workloads, and what the held ones still wait for. */
  async status(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<AimlProjectWorkloads> {
    return this.answer(
      await this.survey(
        ref,
        credentials,
        aimlUsageReadPermission,
        `You may not see the workloads of ${ref}`,
      ),
    );
  }

  /**
   * Starts the project's held workloads: 409 naming what is still missing, and
   * nothing changed, unless everything they wait for exists.
   */
  async resume(
    ref: string,
    credentials: BackstageCredentials,
    context: AuditContext,
  ): Promise<AimlWorkloadsStarted> {
    const s = await this.survey(
      ref,
      credentials,
      aimlWorkloadResumePermission,
      `You may not start the workloads of ${ref}`,
    );
    if (s.held.length === 0) {
      return { ...this.answer(s), started: [] };
    }
    if (s.missing.length > 0) {
      throw new ConflictError(
        `${ref} cannot start yet; nothing was changed. Still missing:\n- ${s.missing
          .map(m => m.message)
          .join('\n- ')}`,
      );
    }
    const custom = makeKubernetesApi(s.kubeConfig, CustomObjectsApi);
    await audited(
      this.deps.auditor,
      'workload-resume',
      {
        project: ref,
        team: s.target.team,
        cluster: s.target.cluster,
        objects: s.held.map(describe),
      },
      context,
      async () => {
        const done: string[] = [];
        // In start order: a Deployment before the ScaledObject that scales it.
        for (const obj of s.held) {
          const kind = resumableKindOf(obj)!;
          await custom.patchNamespacedCustomObject(
            {
              group: kind.group,
              version: kind.version,
              plural: kind.plural,
              namespace: obj.metadata.namespace!,
              name: obj.metadata.name,
              body: startOperations(obj),
              fieldManager: START_FIELD_MANAGER,
            },
            setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
          );
          done.push(describe(obj));
        }
        return done;
      },
      done => ({ started: done }),
    );
    const after = await this.survey(
      ref,
      credentials,
      aimlWorkloadResumePermission,
      `You may not start the workloads of ${ref}`,
    );
    return {
      ...this.answer(after),
      started: s.held.map(o => ({
        apiVersion: o.apiVersion,
        kind: o.kind,
        namespace: o.metadata.namespace ?? '',
        name: o.metadata.name,
      })),
    };
  }
}
