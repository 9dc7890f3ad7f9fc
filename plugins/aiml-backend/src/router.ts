import {
  HttpAuthService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { AimlClusterRegistry } from '@eks-aiml/plugin-aiml-node';
import express from 'express';
import Router from 'express-promise-router';
import { CallerAccess } from './permissions/callerAccess';
import { readServiceAccess } from './permissions/serviceAccess';
import { createAccessRouter } from './routes/accessRouter';
import { createClustersRouter } from './routes/clustersRouter';
import { createProjectsRouter } from './routes/projectsRouter';
import { createQueuesRouter } from './routes/queuesRouter';
import { createTeamsRouter } from './routes/teamsRouter';
import { createUsageRouter, UsageRouterDeps } from './routes/usageRouter';
import { AccessBroker } from './services/access/accessBroker';
import { DEFAULT_LIMITS, readAimlLimits } from './services/limits/readLimits';
import { RequestRateLimiter } from './services/limits/requestRateLimiter';
import { TooManyRequestsError } from './services/limits/TooManyRequestsError';
import { QueueService } from './services/queues/QueueService';
import { WorkloadStarter } from './services/workloads/WorkloadStarter';

/** Everything the routes need. */
export interface RouterOptions {
  registry: AimlClusterRegistry;
  httpAuth: HttpAuthService;
  broker: AccessBroker;
  usage: UsageRouterDeps;
  /** Starts projects' held workloads (`/projects`). */
  starter: WorkloadStarter;
  /** The grant-request bound shared with the MCP actions; one of its own by default. */
  requests?: RequestRateLimiter;
  /** The root config: limits (`aiml.access.*`, `aiml.usage.*`) and `aiml.serviceAccess`. */
  config?: RootConfigService;
}

/**
 * Body-parser failures as Backstage errors: a 400 saying what to fix, never the body
 * it could not parse (body-parser's error carries it, and Backstage's error handler
 * would echo every property of the error).
 */
function bodyParserError(error: unknown): Error | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, expose } = error as { type?: unknown; expose?: unknown };
  if (typeof type !== 'string' || !('body' in error || expose)) {
    return undefined;
  }
  switch (type) {
    case 'entity.parse.failed':
      return new InputError(
        'The request body is not valid JSON: send a JSON object with Content-Type: application/json',
      );
    case 'entity.too.large':
      return new InputError(
        'The request body is too large: at most 64 kB of JSON',
      );
    default:
      return new InputError(
        'The request body could not be read: send UTF-8 JSON with Content-Type: application/json',
      );
  }
}

/** The `/api/aiml` router: each area mounts its own sub-router. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { config } = options;
  const limits = config ? readAimlLimits(config) : DEFAULT_LIMITS;
  const access = new CallerAccess({
    httpAuth: options.httpAuth,
    authorizer: options.usage.authorizer,
    serviceAccess: config ? readServiceAccess(config) : new Map(),
  });
  const router = Router();
  router.use(express.json({ limit: '64kb' }));
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.use(createClustersRouter(options));
  router.use(createAccessRouter({ ...options, access, limits }));
  router.use(createTeamsRouter({ ...options, teams: options.usage.teams }));
  router.use(createProjectsRouter(options));
  router.use(
    createQueuesRouter({
      access,
      queues: new QueueService({
        registry: options.registry,
        teams: options.usage.teams,
        access,
      }),
    }),
  );
  router.use(
    createUsageRouter({ ...options, ...options.usage, access, limits }),
  );
  router.use(
    (
      error: unknown,
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (error instanceof TooManyRequestsError) {
        res.setHeader('Retry-After', String(error.retryAfterSeconds));
      }
      next(bodyParserError(error) ?? error);
    },
  );
  return router;
}
