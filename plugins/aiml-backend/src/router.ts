import { HttpAuthService } from '@backstage/backend-plugin-api';
import { AimlClusterRegistry } from '@eks-aiml/plugin-aiml-node';
import express from 'express';
import Router from 'express-promise-router';
import { createAccessRouter } from './routes/accessRouter';
import { createClustersRouter } from './routes/clustersRouter';
import { createTeamsRouter } from './routes/teamsRouter';
import { createUsageRouter, UsageRouterDeps } from './routes/usageRouter';
import { AccessBroker } from './services/access/accessBroker';

/** Everything the routes need. */
export interface RouterOptions {
  registry: AimlClusterRegistry;
  httpAuth: HttpAuthService;
  broker: AccessBroker;
  usage: UsageRouterDeps;
}

/** The `/api/aiml` router: each area mounts its own sub-router. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  router.use(express.json({ limit: '64kb' }));
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.use(createClustersRouter(options));
  router.use(createAccessRouter(options));
  router.use(createTeamsRouter({ ...options, teams: options.usage.teams }));
  router.use(createUsageRouter({ ...options, ...options.usage }));
  return router;
}
