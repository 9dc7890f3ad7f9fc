import { HttpAuthService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import Router from 'express-promise-router';
import { AccessBroker } from '../services/access/accessBroker';
import { parseGrantListQuery } from '../services/access/grantListQuery';
import { parseGrantRequest } from '../services/access/parseGrantRequest';

const GRANT_ID = /^[a-f0-9]{12}$/;

function grantId(id: string): string {
  if (!GRANT_ID.test(id)) throw new NotFoundError(`No grant ${id}`);
  return id;
}

/** The access broker's routes under `/access`. People only: service callers are refused. */
export function createAccessRouter(options: {
  broker: AccessBroker;
  httpAuth: HttpAuthService;
}) {
  const { broker, httpAuth } = options;
  const router = Router();
  const user = (req: any) => httpAuth.credentials(req, { allow: ['user'] });

  router.post('/access/grants', async (req, res) => {
    const credentials = await user(req);
    const { grant, created } = await broker.request(
      credentials,
      parseGrantRequest(req.body),
      { request: req },
    );
    // 200: an identical request already made this grant, which is still live.
    res.status(created ? 201 : 200).json(grant);
  });

  router.get('/access/grants', async (req, res) => {
    const credentials = await user(req);
    res.json(await broker.list(credentials, parseGrantListQuery(req.query)));
  });

  router.get('/access/grants/:id', async (req, res) => {
    res.json(await broker.get(grantId(req.params.id), await user(req)));
  });

  router.delete('/access/grants/:id', async (req, res) => {
    res.json(
      await broker.revoke(grantId(req.params.id), await user(req), {
        request: req,
      }),
    );
  });

  router.get('/access/grants/:id/kubeconfig', async (req, res) => {
    const id = grantId(req.params.id);
    const kubeconfig = await broker.kubeconfig(id, await user(req), {
      request: req,
    });
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Type', 'application/yaml');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="kubeconfig-${id}.yaml"`,
    );
    res.send(kubeconfig);
  });

  // Runs expiry and reconciliation now (the scheduler also runs them); for operators and tests.
  router.post('/access/reconcile', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    const expired = await broker.expireDue();
    await broker.reconcile();
    await broker.recheckMembership();
    res.json({ expired });
  });

  return router;
}
