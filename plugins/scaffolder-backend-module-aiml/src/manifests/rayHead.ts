import {
  V1ContainerPort,
  V1EnvVar,
  V1PodTemplateSpec,
  V1ServiceAccount,
  V1Volume,
  V1VolumeMount,
} from '@kubernetes/client-node';
import { KubeObject } from '../kubernetes/types';
import { rayAutoscalerServiceAccountName } from './names';
import { podTemplate } from './podTemplate';
import { objectMeta, RenderContext } from './renderContext';

/**
 * The ServiceAccount a Ray head pod runs as. KubeRay gives the in-tree
 * autoscaler (a sidecar of the head pod) a Role on pods and RayClusters, and
 * binds it to the head pod's serviceAccountName
 * (ray-project/kuberay ray-operator/controllers/ray/common/rbac.go,
 * `BuildRoleBinding`, whose subject is `utils.GetHeadGroupServiceAccountName`,
 * ray-operator/controllers/ray/utils/util.go: the head template's
 * serviceAccountName, else the cluster's name). Workload ServiceAccounts hold
 * no RBAC, so a head with autoscaling runs as `<component>-ray-autoscaler`,
 * rendered here without an AWS association (the head runs no tasks:
 * `num-cpus: 0`); without autoscaling KubeRay binds nothing and the head runs as
 * the workload ServiceAccount like every other pod.
 */
export function rayHeadServiceAccountName(
  ctx: RenderContext,
  options: { autoscaling: boolean },
): string {
  return options.autoscaling
    ? rayAutoscalerServiceAccountName(ctx.component)
    : ctx.aws.serviceAccountName;
}

/**
 * The ServiceAccount of a head with in-tree autoscaling: rendered rather than
 * left to KubeRay, which creates one only when the head names none.
 */
export function rayAutoscalerServiceAccount(ctx: RenderContext): KubeObject {
  const serviceAccount: V1ServiceAccount = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: objectMeta(
      ctx,
      'ray-autoscaler',
      rayAutoscalerServiceAccountName(ctx.component),
    ),
  };
  return serviceAccount as KubeObject;
}

/**
 * The CPU-only head pod of a RayJob or RayService: the GCS, dashboard and client
 * ports, and those the workload adds (Serve's HTTP port). On on-demand capacity
 * whatever the workers run on: without GCS fault tolerance the cluster, the GCS
 * and the head pod share one fate (Ray docs, "GCS fault tolerance in KubeRay"), so
 * a spot interruption of the head would end the whole job or service.
 */
export function rayHeadTemplate(
  ctx: RenderContext,
  options: {
    ports?: V1ContainerPort[];
    env: V1EnvVar[];
    autoscaling: boolean;
    /** Writable scratch space the workload's head needs (Ray Serve's cache). */
    volumes?: V1Volume[];
    volumeMounts?: V1VolumeMount[];
  },
): V1PodTemplateSpec {
  return podTemplate({
    component: ctx.component,
    role: 'ray-head',
    capacityType: 'on-demand',
    serviceAccountName: rayHeadServiceAccountName(ctx, options),
    cpu: '2',
    memory: '8Gi',
    container: {
      name: 'ray-head',
      image: ctx.image,
      ports: [
        { name: 'gcs-server', containerPort: 6379 },
        { name: 'dashboard', containerPort: 8265 },
        { name: 'client', containerPort: 10001 },
        ...(options.ports ?? []),
      ],
      env: options.env,
      ...(options.volumeMounts ? { volumeMounts: options.volumeMounts } : {}),
    },
    ...(options.volumes ? { volumes: options.volumes } : {}),
  });
}
