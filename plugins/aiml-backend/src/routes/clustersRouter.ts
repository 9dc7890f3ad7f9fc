import { HttpAuthService } from '@backstage/backend-plugin-api';
import { AimlClusterRegistry } from '@eks-aiml/plugin-aiml-node';
import type { ApiRouter } from '@backstage/backend-openapi-utils';
import Router from 'express-promise-router';
import { spec } from '../schema/openapi.generated';
import { ClusterSummaries } from '../services/clusterSummaries';

/** `GET /clusters` and `GET /clusters/:name`: the configured clusters, their capacity and access rules. */
export function createClustersRouter(options: {
  registry: AimlClusterRegistry;
  httpAuth: HttpAuthService;
  /** Shared summaries (60 s, single flight); one of its own by default. */
  summaries?: ClusterSummaries;
}) {
  const { registry, httpAuth } = options;
  const summaries = options.summaries ?? new ClusterSummaries(registry);
  // Typed by the spec: a handler whose answer leaves the contract does not compile.
  const router = Router() as unknown as ApiRouter<typeof spec>;

  router.get('/clusters', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ items: await summaries.list() });
  });

  router.get('/clusters/:name', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await summaries.get(registry.getCluster(req.params.name)));
  });

  return router;
}
