import { parseQuantity } from './quantity';

/** A container as far as its resources go. */
type ContainerResources = {
  resources?: {
    requests?: Record<string, string | number>;
    limits?: Record<string, string | number>;
  };
  /** `Always` on an init container makes it a sidecar, running beside the containers. */
  restartPolicy?: string;
};

function containersOf(value: unknown): ContainerResources[] {
  return Array.isArray(value)
    ? value.filter(
        (c): c is ContainerResources => typeof c === 'object' && c !== null,
      )
    : [];
}

function quantities(value: unknown): Record<string, string | number> {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, string | number>)
    : {};
}

type Amounts = Record<string, number>;

/**
 * What a container requests (`requests`) or is limited to (`limits`). A
 * resource with a limit and no request requests its limit, as the API server
 * defaults it; a quantity that does not parse counts as nothing.
 */
function containerAmounts(
  container: ContainerResources,
  which: 'requests' | 'limits',
): Amounts {
  const requests = quantities(container.resources?.requests);
  const limits = quantities(container.resources?.limits);
  const stated = which === 'limits' ? limits : { ...limits, ...requests };
  const out: Amounts = {};
  for (const [resource, quantity] of Object.entries(stated)) {
    out[resource] = parseQuantity(String(quantity)) ?? 0;
  }
  return out;
}

function add(into: Amounts, more: Amounts): Amounts {
  const out = { ...into };
  for (const [r, v] of Object.entries(more)) out[r] = (out[r] ?? 0) + v;
  return out;
}

function atLeast(into: Amounts, other: Amounts): Amounts {
  const out = { ...into };
  for (const [r, v] of Object.entries(other)) {
    out[r] = Math.max(out[r] ?? 0, v);
  }
  return out;
}

/**
 * A pod's effective requests (or limits) of every resource, as the scheduler
 * and ResourceQuota count them (Kubernetes' `resourcehelper.PodRequests`): the
 * sum of its containers and sidecars (init containers that restart `Always`),
 * at least what each other init container needs beside the sidecars started
 * before it, plus the pod's overhead. Reads a pod (or a pod template)
 * as the Kubernetes API returns it; what is not a container or a quantity counts
 * as nothing.
 *
 * @public
 */
export function podResourceAmounts(
  pod: object,
  which: 'requests' | 'limits' = 'requests',
): Record<string, number> {
  const stated = (pod as { spec?: unknown }).spec;
  const spec = (
    typeof stated === 'object' && stated !== null ? stated : {}
  ) as Record<string, unknown>;
  let sidecars: Amounts = {};
  let initPeak: Amounts = {};
  for (const init of containersOf(spec.initContainers)) {
    const own = containerAmounts(init, which);
    if (init.restartPolicy === 'Always') {
      sidecars = add(sidecars, own);
      initPeak = atLeast(initPeak, sidecars);
    } else {
      initPeak = atLeast(initPeak, add(sidecars, own));
    }
  }
  let total = sidecars;
  for (const container of containersOf(spec.containers)) {
    total = add(total, containerAmounts(container, which));
  }
  const overhead: Amounts = {};
  for (const [r, q] of Object.entries(quantities(spec.overhead))) {
    overhead[r] = parseQuantity(String(q)) ?? 0;
  }
  return add(atLeast(total, initPeak), overhead);
}
