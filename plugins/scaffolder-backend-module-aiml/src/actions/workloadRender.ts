import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { TeamDirectory } from '@eks-aiml/plugin-aiml-node';
import { WORKLOAD_KINDS, WORKLOADS } from '../manifests/workloads';
import { renderWorkload } from '../manifests/render';
import { writeManifests } from '../manifests/workspaceFiles';
import { examples } from './workloadRender.examples';
import { requireTeamMember } from './requireTeamMember';

const DTYPES = ['fp32', 'bf16', 'fp16', 'fp8', 'int8', 'int4'] as const;

/**
 * `aiml:workload:render`: renders the manifests of a training job (RayJob on
 * GPUs, elastic PyTorchJob, Trainium PyTorchJob) or an inference service (vLLM
 * Deployment + Service + HPA, RayService, vLLM on Inferentia2) from typed inputs,
 * checked against the accelerator and model catalogs, and writes them into the
 * workspace as YAML.
 *
 * @public
 */
export function createWorkloadRenderAction(options: { teams: TeamDirectory }) {
  const { teams } = options;
  return createTemplateAction({
    id: 'aiml:workload:render',
    description:
      'Renders the Kubernetes manifests of an AI/ML workload (RayJob, elastic PyTorchJob, Trainium job, vLLM, RayService, vLLM on Inferentia2) into the workspace, after checking the instance type, accelerator count and model against the catalogs.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        team: z =>
          z
            .string()
            .min(1)
            .describe(
              'The team (Group name) that owns the project; the manifests target its <team>-<workload-type> namespace, and the user must be a member',
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
              "Container image, pinned by tag or digest: the project's image for training and Inferentia; vLLM and Ray Serve LLM images by default for vllm and ray-service",
            ),
        checkpointS3Uri: z =>
          z
            .string()
            .optional()
            .describe(
              'Training: s3://bucket/prefix for checkpoints (CHECKPOINT_S3_URI); required on spot capacity',
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
              'Name of a Secret in the namespace whose key "token" holds a Hugging Face token (gated models); its value never passes through the template',
            ),
        serviceAccountName: z =>
          z
            .string()
            .optional()
            .describe(
              'ServiceAccount the pods run as (e.g. one with an EKS Pod Identity association for S3); the namespace default otherwise, never <component>-deployer',
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
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      await requireTeamMember(teams, ctx.user, input.team);
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
        checkpointS3Uri: input.checkpointS3Uri || undefined,
        checkpointVolumeClaim: input.checkpointVolumeClaim || undefined,
        modelCacheSize: input.modelCacheSize || undefined,
        modelCacheStorageClass: input.modelCacheStorageClass || undefined,
        huggingFaceTokenSecret: input.huggingFaceTokenSecret || undefined,
        serviceAccountName: input.serviceAccountName || undefined,
      });
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
    },
  });
}
