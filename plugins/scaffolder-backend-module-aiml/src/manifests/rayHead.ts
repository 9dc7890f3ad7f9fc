import {
  V1ContainerPort,
  V1EnvVar,
  V1PodTemplateSpec,
} from '@kubernetes/client-node';
import { podTemplate } from './podTemplate';
import { RenderContext } from './renderContext';

/**
 * The CPU-only head pod of a RayJob or RayService: the GCS, dashboard and client
 * ports, and those the workload adds (Serve's HTTP port).
 */
export function rayHeadTemplate(
  ctx: RenderContext,
  options: { ports?: V1ContainerPort[]; env: V1EnvVar[] },
): V1PodTemplateSpec {
  return podTemplate({
    component: ctx.component,
    role: 'ray-head',
    serviceAccountName: ctx.aws.serviceAccountName,
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
    },
  });
}
