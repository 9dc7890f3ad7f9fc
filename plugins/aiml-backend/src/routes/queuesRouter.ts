import type { ApiRouter } from '@backstage/backend-openapi-utils';
import Router from 'express-promise-router';
import { CallerAccess } from '../permissions/callerAccess';
import { spec } from '../schema/openapi.generated';
import { QueueService } from '../services/queues/QueueService';

/**
 * `GET /queues/teams/:team` (the team's Kueue queues: readers of its usage) and
 * `GET /queues/cohorts` (who borrows from whom: callers who see every team),
 * for people and the services `aiml.serviceAccess` lists.
 */
export function createQueuesRouter(options: {
  queues: QueueService;
  access: CallerAccess;
}) {
  const { queues, access } = options;
  // Typed by the spec: a handler whose answer leaves the contract does not compile.
  const router = Router() as unknown as ApiRouter<typeof spec>;

  router.get('/queues/teams/:team', async (req, res) => {
    const caller = await access.caller(req, 'team queues');
    res.json(await queues.teamQueues(caller, req.params.team));
  });

  router.get('/queues/cohorts', async (req, res) => {
    const caller = await access.caller(req, 'cohorts');
    res.json(await queues.cohorts(caller));
  });

  return router;
}
