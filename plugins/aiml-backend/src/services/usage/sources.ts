import {
  AcceleratorMetricsSource,
  AimlClusterConfig,
  AimlSandboxService,
  SandboxMetricsSource,
} from '@eks-aiml/plugin-aiml-node';

/** How a cluster's usage is read, or why it cannot be. */
export type ClusterSource =
  | {
      cluster: string;
      type: 'sandbox' | 'prometheus';
      source: AcceleratorMetricsSource;
    }
  | {
      cluster: string;
      type: 'sandbox' | 'prometheus' | 'none';
      problem: string;
    };

/**
 * The metrics source of each configured cluster, from `aiml.clusters[].metrics`:
 * `sandbox` reads the sandbox's generator in-process (sandbox mode only); `prometheus`
 * is not available in this release. A cluster without a source is reported, not fatal.
 */
export function metricsSources(
  clusters: AimlClusterConfig[],
  sandbox: AimlSandboxService,
): ClusterSource[] {
  let shared: SandboxMetricsSource | undefined;
  return clusters.map((c, i): ClusterSource => {
    const key = `aiml.clusters[${i}].metrics`;
    if (!c.metrics) {
      return {
        cluster: c.name,
        type: 'none',
        problem: `no metrics source is configured (${key})`,
      };
    }
    if (c.metrics.type === 'prometheus') {
      return {
        cluster: c.name,
        type: 'prometheus',
        problem: `${key}.type prometheus is not supported by this release of the aiml backend yet`,
      };
    }
    if (!sandbox.connection) {
      return {
        cluster: c.name,
        type: 'sandbox',
        problem: `${key}.type is sandbox, but the backend does not run on the sandbox (aiml.sandbox)`,
      };
    }
    shared ??= new SandboxMetricsSource({ clock: sandbox.clock });
    return { cluster: c.name, type: 'sandbox', source: shared };
  });
}
