import { findAcceleratorInstanceType } from '@eks-aiml/plugin-aiml-common';
import { KSM_ACCELERATOR_RESOURCES } from './ksmResources';
import type { NodeFacts } from './nodeFacts';
import { labelOf } from './seriesLabels';

/**
 * Compute slices of a whole GPU that MIG partitions (A100, H100, H200): a MIG device of
 * profile `<g>g.<mem>gb` counts as g/7 of a GPU.
 */
const MIG_SLICES_PER_GPU = 7;

/**
 * A MIG device resource of the mixed strategy, as kube-state-metrics names it:
 * `nvidia_com_mig_<g>g_<mem>gb`, or `nvidia_com_mig_<c>c_<g>g_<mem>gb` for a compute
 * instance of c slices; a suffix such as `_me` (media extensions) or `_shared`
 * (time-sliced, renamed) may follow.
 */
const KSM_MIG_RESOURCE =
  /^nvidia_com_mig_(?:(\d+)c_)?(\d+)g_\d+gb(?:_[a-z0-9]+)*$/;

/** What one unit of a GPU resource is before time-slicing, in GPUs. */
export interface GpuResource {
  /** The resource without `_shared`: GPU feature discovery's labels are named after it. */
  base: string;
  /** GPUs one unit is: 1, or the MIG device's slices / 7. */
  gpus: number;
  /** Time-sliced and renamed (`….shared`). */
  shared: boolean;
}

/** The GPU resource of a kube-state-metrics resource name; undefined for any other. */
export function gpuResourceOf(
  resource: string | undefined,
): GpuResource | undefined {
  if (resource === KSM_ACCELERATOR_RESOURCES.gpu) {
    return { base: resource, gpus: 1, shared: false };
  }
  if (resource === 'nvidia_com_gpu_shared') {
    return { base: KSM_ACCELERATOR_RESOURCES.gpu, gpus: 1, shared: true };
  }
  const mig = resource ? KSM_MIG_RESOURCE.exec(resource) : null;
  if (!resource || !mig) return undefined;
  const shared = resource.endsWith('_shared');
  return {
    base: shared ? resource.slice(0, -'_shared'.length) : resource,
    gpus: Number(mig[1] ?? mig[2]) / MIG_SLICES_PER_GPU,
    shared,
  };
}

/**
 * How many pods share one device of a GPU resource on a node (the device plugin's
 * time-slicing `replicas`): GPU feature discovery's `nvidia.com/gpu.replicas` (or
 * `nvidia.com/mig-<profile>.replicas`) label when kube_node_labels carries it; for the
 * renamed `nvidia.com/gpu.shared` without it, the shared units over the instance type's
 * GPUs; else 1 (a unit is a device).
 */
export function replicasOf(f: NodeFacts | undefined, r: GpuResource): number {
  const label = Number(labelOf(f?.labels, `label_${r.base}_replicas`));
  if (Number.isInteger(label) && label >= 1) return label;
  if (r.shared && r.gpus === 1 && f?.instanceType && f.sharedGpus) {
    const t = findAcceleratorInstanceType(f.instanceType);
    const devices = t?.accelerator.vendor === 'nvidia' ? t.devices : 0;
    const replicas = devices ? Math.round(f.sharedGpus / devices) : 0;
    if (replicas >= 1) return replicas;
  }
  return 1;
}

/** GPUs one unit of a GPU resource is worth on a node: a MIG slice's share, over the replicas. */
export const gpusPerUnit = (f: NodeFacts | undefined, r: GpuResource) =>
  r.gpus / replicasOf(f, r);
