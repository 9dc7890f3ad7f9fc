import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  acceleratorFlavorName,
  teamLocalQueueName,
} from '@eks-aiml/plugin-aiml-common';
import {
  AimlClusterRegistry,
  kueueSettingsOf,
  TeamDirectory,
  WorkloadRoleName,
} from '@eks-aiml/plugin-aiml-node';
import { ObjectClient } from '../kubernetes/objectClient';
import { checkpointS3Uri } from '../manifests/projectAws';
import { quotaDemand } from '../manifests/quotaDemand';
import { WORKLOAD_KINDS, WORKLOADS } from '../manifests/workloads';
import { renderWorkload } from '../manifests/render';
import { writeManifests } from '../manifests/workspaceFiles';
import { readNamespaceUsage } from '../namespaces/namespaceUsage';
import { namespaceQuota, quotaHard } from '../namespaces/quota';
import { checkQuotaGrowth, NamespaceUsage } from '../namespaces/quotaGrowth';
import { queueCeilingEntitlement } from '../namespaces/teamQueue';
import { checkTeamOwner } from './checkTeamOwner';
import { examples } from './workloadRender.examples';
import { clusterInput, teamInput } from './schemaFields';
import { requireTeamMember } from './requireTeamMember';

const DTYPES = ['fp32', 'bf16', 'fp16', 'fp8', 'int8', 'int4'] as const;

/**
 * `aiml:workload:render`: renders the manifests of a training job (RayJob on
 * GPUs, elastic PyTorchJob, Trainium PyTorchJob) or an inference service (vLLM
 * Deployment, Service, PodMonitor and KEDA ScaledObject; RayService; vLLM on
 * Inferentia2) from typed inputs,
 * checked against the accelerator and model catalogs and the team's quota, with
 * the project's ServiceAccount and AWS resources (ACK S3 Bucket, ECR Repository,
 * Pod Identity association), and writes them into the workspace as YAML. It
 * refuses an owner that is not exactly `group:default/<team>`, and a workload
 * that could not grow within the quota: at its maximum scale, plus its rollout
 * surge, plus what other workloads of the namespace already use (the
 * ResourceQuota's `status.used`, read from the cluster, less the project's own
 * pods). It writes nothing to a cluster: a template's first step, so bad input
 * fails before anything is written anywhere.
 *
 * @public
 */
export function createWorkloadRenderAction(options: {
  registry: AimlClusterRegistry;
  teams: TeamDirectory;
  /** The IAM role of a team's workloads (`readWorkloadRoleName(config)`). */
  workloadRole: WorkloadRoleName;
  /**
   * The scheduler of Neuron pods with more than one NeuronCore
   * (`aiml.workloads.neuronSchedulerName`); `my-scheduler` by default.
   */
  neuronSchedulerName?: string;
  /**
   * Reads what a namespace uses (its quota's `status.used`, the project's own
   * pods); from the cluster as the backend's identity by default.
   */
  readUsage?: (
    cluster: string,
    namespace: string,
    component: string,
  ) => Promise<NamespaceUsage>;
}) {
  const { registry, teams, workloadRole } = options;
  const readUsage =
    options.readUsage ??
    (async (cluster: string, namespace: string, component: string) =>
      readNamespaceUsage(
        ObjectClient.forCluster(
          cluster,
          await registry.getBackendKubeConfig(cluster),
        ),
        namespace,
        component,
      ));
  return createTemplateAction({
    id: 'aiml:workload:render',
    description:
      "Renders the Kubernetes manifests of an AI/ML workload (RayJob, elastic PyTorchJob, Trainium job, vLLM, RayService, vLLM on Inferentia2) into the workspace, with the project's ServiceAccount and its AWS resources as ACK objects (S3 Bucket, ECR Repository, EKS Pod Identity association), after checking the instance type, accelerator count and model against the catalogs, and that the workload at its maximum scale, with its rollout surge and what the namespace already uses, fits the team's quota.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: clusterInput,
        team: teamInput(
          'that owns the project (the manifests target its <team>-<workload-type> namespace)',
        ),
        owner: z =>
          z
            .string()
            .min(1)
            .describe(
              "The project's owner as the template writes it into catalog-info.yaml: exactly group:default/<team>; anything else (another kind or namespace, a line break) stops the task here, before any file is written",
            ),
        component: z =>
          z
            .string()
            .min(1)
            .describe(
              'The project (Component name): names the objects and labels the pods backstage.io/kubernetes-id=<component>',
            ),
        workload: z =>
          z.enum(WORKLOAD_KINDS).describe(
            `What to render: ${Object.entries(WORKLOADS)
              .map(([k, w]) => `${k} (${w.summary})`)
              .join('; ')}`,
          ),
        instanceType: z =>
          z
            .string()
            .min(1)
            .describe(
              'EC2 instance type the accelerated pods run on, e.g. g5.12xlarge, p4d.24xlarge, trn1.32xlarge, inf2.xlarge',
            ),
        acceleratorCount: z =>
          z
            .number()
            .int()
            .min(1)
            .describe(
              'Accelerators per pod: GPUs on NVIDIA instance types, NeuronCores on Trainium and Inferentia2 (2 per chip)',
            ),
        capacityType: z =>
          z
            .enum(['spot', 'on-demand'])
            .optional()
            .describe(
              'spot (Karpenter spot capacity) or on-demand; spot for GPU training and on-demand otherwise by default',
            ),
        replicas: z =>
          z
            .number()
            .int()
            .min(1)
            .max(64)
            .optional()
            .describe(
              'Workers (training) or serving replicas (inference); 1 by default',
            ),
        maxReplicas: z =>
          z
            .number()
            .int()
            .min(1)
            .max(128)
            .optional()
            .describe(
              'Most replicas an elastic job or an autoscaled service grows to; replicas (training) or 2 x replicas (inference) by default',
            ),
        model: z =>
          z
            .string()
            .optional()
            .describe(
              'Hugging Face model id: required for inference, optional for training; checked to fit the accelerators',
            ),
        modelParametersB: z =>
          z
            .number()
            .positive()
            .optional()
            .describe(
              'Parameters of a model that is not in the catalog, in billions (with modelDtype)',
            ),
        modelDtype: z =>
          z
            .enum(DTYPES)
            .optional()
            .describe(
              "The model's weights format: required for a model not in the catalog, else the catalog's default",
            ),
        image: z =>
          z
            .string()
            .optional()
            .describe(
              "Container image, pinned by tag or digest. By default the vLLM, Ray Serve LLM and Neuron vLLM Deep Learning Container images for vllm, ray-service and inferentia-vllm, and the project's own ECR repository (its latest tag) for the others",
            ),
        checkpointVolumeClaim: z =>
          z
            .string()
            .optional()
            .describe(
              'Training: a PersistentVolumeClaim mounted at CHECKPOINT_DIR (/checkpoints), e.g. bound to Mountpoint for Amazon S3; scratch space otherwise',
            ),
        modelCacheSize: z =>
          z
            .string()
            .optional()
            .describe(
              "Inference: size of the model cache volume, e.g. 200Gi; from the model's size by default",
            ),
        modelCacheStorageClass: z =>
          z
            .string()
            .optional()
            .describe(
              'Inference: StorageClass of a per-pod model cache volume; node-local scratch space (emptyDir) otherwise',
            ),
        huggingFaceTokenSecret: z =>
          z
            .string()
            .optional()
            .describe(
              'Name of a Secret in the namespace holding a Hugging Face token (required for gated models such as meta-llama/*); the pods read it as HF_TOKEN, and its value never passes through the template',
            ),
        huggingFaceTokenSecretKey: z =>
          z
            .string()
            .optional()
            .describe('The key of the token in that Secret; token by default'),
        contextLength: z =>
          z
            .number()
            .int()
            .optional()
            .describe(
              "Inference: the context length in tokens (vLLM's --max-model-len), within the model's max_position_embeddings; the KV cache of that context is checked to fit. 8192 (or the model's limit when lower) by default",
            ),
        neuronSchedulerName: z =>
          z
            .string()
            .optional()
            .describe(
              'Neuron workloads: the scheduler of pods asking for more than one NeuronCore, the one the Neuron Helm chart installs with the Neuron scheduler extension; aiml.workloads.neuronSchedulerName (default my-scheduler) when unset',
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Directory of the workspace to write into, relative; manifests by default',
            ),
      },
      output: {
        files: z =>
          z
            .array(z.string())
            .describe('The YAML files written, relative to the workspace'),
        namespace: z =>
          z.string().describe('The namespace the manifests target'),
        workloadType: z => z.string().describe('training or inference'),
        acceleratorFamily: z => z.string().describe('nvidia or neuron'),
        acceleratorResource: z =>
          z.string().describe('nvidia.com/gpu or aws.amazon.com/neuroncore'),
        objects: z =>
          z
            .array(
              z.object({
                apiVersion: z.string().describe('e.g. apps/v1'),
                kind: z.string().describe('e.g. Deployment'),
                name: z.string().describe('The object name'),
              }),
            )
            .describe('The objects rendered'),
        serviceAccountName: z =>
          z
            .string()
            .describe(
              "<component>-workload: the ServiceAccount the pods run as, with the team's IAM role through EKS Pod Identity",
            ),
        bucket: z =>
          z
            .string()
            .describe("The project's S3 bucket: <component>-<account id>"),
        checkpointS3Uri: z =>
          z
            .string()
            .optional()
            .describe(
              'Training: where checkpoints go (CHECKPOINT_S3_URI), s3://<bucket>/checkpoints/',
            ),
        imageRepository: z =>
          z
            .string()
            .describe("The project's ECR repository: <team>/<component>"),
        image: z => z.string().describe('The image the workload runs'),
        baseImage: z =>
          z
            .string()
            .describe(
              "The image the project's Dockerfile builds on: Ray's GPU image at the cluster's rayVersion (ray-job), the PyTorch or Neuron training Deep Learning Container (pytorch-elastic, trainium-job)",
            ),
        queueName: z =>
          z
            .string()
            .optional()
            .describe(
              'On a cluster with scheduling kueue, training only: the LocalQueue (kueue.x-k8s.io/queue-name) the job is submitted to when started',
            ),
        waitingFor: z =>
          z
            .array(z.enum(['image', 'pod-identity']))
            .describe(
              "What the workload, rendered suspended, waits for before it is started (aiml:workload:resume or the project page): image (the project's image in its ECR repository) and pod-identity (its Pod Identity association synced)",
            ),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      checkTeamOwner(input.owner, input.team);
      await requireTeamMember(teams, ctx.user, input.team);
      const cluster = registry.getCluster(input.cluster);
      if (!cluster.accountId) {
        throw new InputError(
          `cluster "${cluster.name}" has no accountId in aiml.clusters: the project's S3 bucket, ECR repository and Pod Identity association are made in the cluster's AWS account, so a platform engineer must configure it`,
        );
      }
      const team = await teams.getTeam(input.team);
      const profile = WORKLOADS[input.workload];
      const kueue =
        profile.workloadType === 'training'
          ? kueueSettingsOf(cluster)
          : undefined;
      if (kueue) {
        const capacityType = input.capacityType ?? profile.defaultCapacityType;
        if (
          !kueue.instanceTypes.includes(input.instanceType) ||
          !kueue.capacityTypes.includes(capacityType)
        ) {
          throw new InputError(
            `cluster "${
              cluster.name
            }" queues training jobs with Kueue, and its queues have no flavor ${acceleratorFlavorName(
              input.instanceType,
              capacityType,
            )}: Kueue would never admit the job. Choose one of ${kueue.instanceTypes.join(
              ', ',
            )} (${kueue.capacityTypes.join(
              ' or ',
            )}), or ask a platform engineer to add it to aiml.clusters[].kueue`,
          );
        }
      }
      // On a Kueue cluster a training job may borrow: it must fit what Kueue can ever
      // admit for the team (nominal + borrowing limit), the training namespace's ResourceQuota.
      const entitlement = kueue
        ? queueCeilingEntitlement(team.quota, kueue)
        : team.quota;
      const rendered = renderWorkload({
        team: input.team,
        component: input.component,
        workload: input.workload,
        instanceType: input.instanceType,
        acceleratorCount: input.acceleratorCount,
        capacityType: input.capacityType,
        replicas: input.replicas,
        maxReplicas: input.maxReplicas,
        model: input.model || undefined,
        modelParametersB: input.modelParametersB,
        modelDtype: input.modelDtype,
        image: input.image || undefined,
        checkpointVolumeClaim: input.checkpointVolumeClaim || undefined,
        modelCacheSize: input.modelCacheSize || undefined,
        modelCacheStorageClass: input.modelCacheStorageClass || undefined,
        huggingFaceTokenSecret: input.huggingFaceTokenSecret || undefined,
        huggingFaceTokenSecretKey: input.huggingFaceTokenSecretKey || undefined,
        contextLength: input.contextLength,
        neuronSchedulerName:
          input.neuronSchedulerName ||
          (WORKLOADS[input.workload].family === 'neuron'
            ? options.neuronSchedulerName
            : undefined),
        aws: {
          cluster: cluster.name,
          region: cluster.region,
          accountId: cluster.accountId,
        },
        quota: entitlement,
        costCenter: team.costCenter,
        workloadRole,
        queueName: kueue ? teamLocalQueueName(input.team) : undefined,
      });
      const usage = await readUsage(
        cluster.name,
        rendered.namespace,
        input.component,
      );
      if (usage.unknownBecause) {
        ctx.logger.info(
          `Quota: ${usage.unknownBecause}; counting against the hard limit only`,
        );
      }
      const counts = checkQuotaGrowth({
        team: input.team,
        namespace: rendered.namespace,
        component: input.component,
        demands: quotaDemand(rendered.objects),
        hard: quotaHard(namespaceQuota(entitlement)),
        usage,
      });
      for (const c of counts) {
        ctx.logger.info(
          `Quota of ${c.resource} in ${rendered.namespace}: ${c.atMaxScale} at maximum scale + ${c.surge} rollout surge + ${c.others} used by other workloads = ${c.total} of ${c.hard}`,
        );
      }
      // Files in the workspace, not the cluster: written again on a retry, as a
      // resumed task may have lost its workspace.
      const files = await writeManifests({
        workspace: ctx.workspacePath,
        targetPath: input.targetPath || 'manifests',
        objects: rendered.objects,
      });
      const family = WORKLOADS[input.workload].family;
      ctx.logger.info(
        `Rendered ${WORKLOADS[input.workload].summary} for ${
          input.component
        } in ${rendered.namespace}: ${files.join(', ')}`,
      );
      ctx.output('files', files);
      ctx.output('namespace', rendered.namespace);
      ctx.output('workloadType', rendered.workloadType);
      ctx.output('acceleratorFamily', family);
      ctx.output(
        'acceleratorResource',
        family === 'nvidia' ? 'nvidia.com/gpu' : 'aws.amazon.com/neuroncore',
      );
      ctx.output(
        'objects',
        rendered.objects.map(o => ({
          apiVersion: o.apiVersion,
          kind: o.kind,
          name: o.metadata.name,
        })),
      );
      const { aws } = rendered;
      ctx.output('serviceAccountName', aws.serviceAccountName);
      ctx.output('bucket', aws.bucket);
      if (rendered.workloadType === 'training') {
        ctx.output('checkpointS3Uri', checkpointS3Uri(aws));
      }
      ctx.output('imageRepository', aws.repository);
      ctx.output('image', rendered.image);
      ctx.output('baseImage', rendered.baseImage);
      ctx.output('waitingFor', rendered.waitingFor);
      if (kueue) {
        ctx.logger.info(
          `Kueue: the job is submitted to LocalQueue ${teamLocalQueueName(
            input.team,
          )} of ${
            rendered.namespace
          } when the portal starts it, and runs when Kueue admits it whole`,
        );
        ctx.output('queueName', teamLocalQueueName(input.team));
      }
    },
  });
}
