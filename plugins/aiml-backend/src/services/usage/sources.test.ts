import {
  AcceleratorMetricsSource,
  AimlClusterConfig,
  AimlClusterRegistry,
  AimlMetricsSourceFactory,
} from '@eks-aiml/plugin-aiml-node';
import { metricsSources } from './sources';

const access = {
  strategy: 'token' as const,
  maxTtlMs: 3_600_000,
  selfServiceMaxTtlMs: 3_600_000,
  principalAccounts: [],
};
const cluster = (
  name: string,
  metrics?: AimlClusterConfig['metrics'],
): AimlClusterConfig => ({ name, region: 'us-east-1', access, metrics });
const metrics = (type: string) => ({
  type,
  auth: { type: 'none' as const },
  timeoutMs: 1000,
});

function registryOf(clusters: AimlClusterConfig[]): AimlClusterRegistry {
  return {
    listClusters: () => clusters,
  } as Partial<AimlClusterRegistry> as AimlClusterRegistry;
}

describe('metricsSources', () => {
  it('reads a cluster with the source an adopter module added under its own name', () => {
    const source: AcceleratorMetricsSource = {
      load: async () => ({ nodes: [], pods: [] } as never),
    };
    const seen: string[] = [];
    const cloudwatch: AimlMetricsSourceFactory = ({
      cluster: c,
      configKey,
    }) => {
      seen.push(`${c.name} ${configKey}`);
      return source;
    };
    const [result] = metricsSources(
      registryOf([cluster('ml-prod', metrics('cloudwatch'))]),
      new Map([['cloudwatch', cloudwatch]]),
    );
    expect(result).toEqual({ cluster: 'ml-prod', type: 'cloudwatch', source });
    expect(seen).toEqual(['ml-prod aiml.clusters[0].metrics']);
  });

  it('reports, without failing, a type no installed module adds and a cluster with no source', () => {
    const results = metricsSources(
      registryOf([
        cluster('a', metrics('cloudwach')),
        cluster('b', metrics('sandbox')),
        cluster('c'),
      ]),
      new Map(),
    );
    expect(results).toEqual([
      {
        cluster: 'a',
        type: 'cloudwach',
        problem:
          'aiml.clusters[0].metrics.type is cloudwach, but no installed backend module adds that source',
      },
      {
        cluster: 'b',
        type: 'sandbox',
        problem:
          'aiml.clusters[1].metrics.type is sandbox, but the backend does not run on the sandbox (aiml.sandbox)',
      },
      {
        cluster: 'c',
        type: 'none',
        problem: 'no metrics source is configured (aiml.clusters[2].metrics)',
      },
    ]);
  });
});
