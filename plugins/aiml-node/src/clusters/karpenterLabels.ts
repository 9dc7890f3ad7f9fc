import { AcceleratorInstanceType } from '@eks-aiml/plugin-aiml-common';
import { NodePoolRequirement } from './capacity';

/**
 * The names Karpenter's AWS provider gives the catalog's accelerators in
 * `karpenter.k8s.aws/instance-gpu-name` and `…/instance-accelerator-name` (its
 * instance-types reference: g5 `a10g`, g6 `l4`, g6e `l40s`, p4d/p4de `a100`, p5 `h100`,
 * p5en `h200`, inf2 `inferentia2`, trn1 `trainium`).
 */
const KARPENTER_ACCELERATOR_NAMES: Record<string, string> = {
  'nvidia-a100-40gb': 'a100',
  'nvidia-a100-80gb': 'a100',
  'nvidia-h100': 'h100',
  'nvidia-h200': 'h200',
  'nvidia-a10g': 'a10g',
  'nvidia-l4': 'l4',
  'nvidia-l40s': 'l40s',
  'aws-inferentia2': 'inferentia2',
  'aws-trainium': 'trainium',
};

/**
 * The well-known labels Karpenter's AWS provider puts on a node of a catalog instance
 * type, as far as the catalog knows them. A requirement on any of these keys narrows
 * the instance types a NodePool may launch; keys outside it (zones, custom labels,
 * GPU memory, network bandwidth, …) do not change which catalog types match.
 */
export function karpenterLabels(
  t: AcceleratorInstanceType,
): Record<string, string> {
  const [family, size] = t.instanceType.split('.');
  const [, category, generation] = /^([a-z]+)(\d+)/.exec(family) ?? [];
  const name = KARPENTER_ACCELERATOR_NAMES[t.accelerator.type];
  const kind = t.accelerator.vendor === 'nvidia' ? 'gpu' : 'accelerator';
  return {
    'node.kubernetes.io/instance-type': t.instanceType,
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/os': 'linux',
    'karpenter.k8s.aws/instance-family': family,
    'karpenter.k8s.aws/instance-size': size,
    'karpenter.k8s.aws/instance-category': category,
    'karpenter.k8s.aws/instance-generation': generation,
    'karpenter.k8s.aws/instance-cpu': String(t.vcpus),
    'karpenter.k8s.aws/instance-memory': String(t.memoryGiB * 1024),
    ...(name ? { [`karpenter.k8s.aws/instance-${kind}-name`]: name } : {}),
    [`karpenter.k8s.aws/instance-${kind}-manufacturer`]: t.accelerator.vendor,
    [`karpenter.k8s.aws/instance-${kind}-count`]: String(t.devices),
  };
}

const ACCELERATOR_KEYS = ['name', 'manufacturer', 'count'].flatMap(p => [
  `karpenter.k8s.aws/instance-gpu-${p}`,
  `karpenter.k8s.aws/instance-accelerator-${p}`,
]);

/** Every key `karpenterLabels` can give: a type without one of them lacks that label. */
const MODELLED_KEYS = new Set([
  'node.kubernetes.io/instance-type',
  'kubernetes.io/arch',
  'kubernetes.io/os',
  'karpenter.k8s.aws/instance-family',
  'karpenter.k8s.aws/instance-size',
  'karpenter.k8s.aws/instance-category',
  'karpenter.k8s.aws/instance-generation',
  'karpenter.k8s.aws/instance-cpu',
  'karpenter.k8s.aws/instance-memory',
  ...ACCELERATOR_KEYS,
]);

function compare(value: string | undefined, operator: string, bound?: string) {
  if (value === undefined || bound === undefined) return false;
  const a = Number(value);
  const b = Number(bound);
  switch (operator) {
    case 'Gt':
      return a > b;
    case 'Lt':
      return a < b;
    case 'Gte':
      return a >= b;
    default:
      return a <= b;
  }
}

/**
 * Whether a value of a label (undefined: the node lacks it) satisfies a requirement,
 * with the operators of node selectors plus Karpenter's `Gte` and `Lte`.
 */
export function satisfies(
  value: string | undefined,
  r: NodePoolRequirement,
): boolean {
  switch (r.operator) {
    case 'In':
      return value !== undefined && (r.values ?? []).includes(value);
    case 'NotIn':
      return value === undefined || !(r.values ?? []).includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt':
    case 'Gte':
    case 'Lte':
      return compare(value, r.operator, r.values?.[0]);
    default:
      // An operator Karpenter's validation would refuse: match nothing rather than guess.
      return false;
  }
}

/** EKS Auto Mode's NodePools name the same instance properties under its own domain. */
function providerKey(key: string): string {
  return key.replace(
    /^eks\.amazonaws\.com\/instance-/,
    'karpenter.k8s.aws/instance-',
  );
}

/**
 * Whether a NodePool's requirements let Karpenter (or EKS Auto Mode) launch a catalog
 * instance type.
 */
export function allowsInstanceType(
  requirements: NodePoolRequirement[],
  t: AcceleratorInstanceType,
): boolean {
  const labels = karpenterLabels(t);
  return requirements
    .map(r => ({ ...r, key: providerKey(r.key) }))
    .filter(r => MODELLED_KEYS.has(r.key))
    .every(r => satisfies(labels[r.key], r));
}
