import { HttpAuthService } from '@backstage/backend-plugin-api';
import { AimlClusterRegistry } from '@eks-aiml/plugin-aiml-node';
import Router from 'express-promise-router';
import { summarizeCluster } from '../services/clusterSummaries';

/** `GET /clusters` and `GET /clusters/:name`: the configured clusters, their capacity and access rules. */
export function createClustersRouter(options: {
  registry: AimlClusterRegistry;
  httpAuth: HttpAuthService;
}) {
  const { registry, httpAuth } = options;
  const router = Router();

  router.get('/clusters', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const items = await Promise.all(
      registry.listClusters().map(c => summarizeCluster(registry, c)),
    );
    res.json({ items });
  });

  router.get('/clusters/:name', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(
      await summarizeCluster(registry, registry.getCluster(req.params.name)),
    );
  });

  return router;
}
