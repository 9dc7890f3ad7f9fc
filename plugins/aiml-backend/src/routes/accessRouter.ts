import {
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { Request } from 'express';
import type { ApiRouter } from '@backstage/backend-openapi-utils';
import Router from 'express-promise-router';
import { spec } from '../schema/openapi.generated';
import { CallerAccess } from '../permissions/callerAccess';
import {
  listCallerGrants,
  serviceGrantScope,
} from '../services/access/callerGrants';
import { AccessBroker } from '../services/access/accessBroker';
import { AimlLimits } from '../services/limits/readLimits';
import {
  grantRequestLimiter,
  RequestRateLimiter,
} from '../services/limits/requestRateLimiter';
import { parseGrantListQuery } from '../services/access/grantListQuery';
import { parseGrantRequest } from '../services/access/parseGrantRequest';
import { parseGrantDecision } from '../services/access/grantApproval';

const GRANT_ID = /^[a-f0-9]{12}$/;

function grantId(id: string): string {
  if (!GRANT_ID.test(id)) throw new NotFoundError(`No grant ${id}`);
  return id;
}

/**
 * The access broker's routes under `/access`. Grants are requested, revoked and
 * downloaded by people only; services listed in `aiml.serviceAccess` may read the grants
 * of what they may read (every team, or their teams: `?team=` one of them), others are
 * refused. Grant requests are limited per user per minute (`aiml.access.requestsPerMinute`).
 */
export function createAccessRouter(options: {
  broker: AccessBroker;
  httpAuth: HttpAuthService;
  access: CallerAccess;
  limits: Pick<AimlLimits, 'requestsPerMinute'>;
  /** The grant-request bound shared with the MCP actions; one of its own by default. */
  requests?: RequestRateLimiter;
}) {
  const { broker, httpAuth, access } = options;
  // Typed by the spec: a handler whose answer leaves the contract does not compile.
  const router = Router() as unknown as ApiRouter<typeof spec>;
  const user = async (req: Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    if (credentials.principal.type !== 'user') {
      throw new NotAllowedError(
        'Only people request, revoke and download grants: aiml.serviceAccess lets a service read grants, never change them',
      );
    }
    return credentials as BackstageCredentials<BackstageUserPrincipal>;
  };
  const requests =
    options.requests ?? grantRequestLimiter(options.limits.requestsPerMinute);

  router.post('/access/grants', async (req, res) => {
    const credentials = await user(req);
    requests.take(credentials.principal.userEntityRef);
    const { grant, created } = await broker.request(
      credentials,
      parseGrantRequest(req.body),
      { request: req },
    );
    // 200: an identical request already made this grant, which is still live.
    res.status(created ? 201 : 200).json(grant);
  });

  router.get('/access/grants', async (req, res) => {
    const caller = await access.caller(req, 'access grants');
    const query = parseGrantListQuery(req.query);
    res.json(await listCallerGrants(broker, caller, query));
  });

  router.get('/access/grants/:id', async (req, res) => {
    const id = grantId(req.params.id);
    const caller = await access.caller(req, 'access grants');
    if (caller.kind === 'user') {
      res.json(await broker.get(id, caller.credentials));
      return;
    }
    res.json(await broker.getInScope(id, serviceGrantScope(caller.read)));
  });

  router.delete('/access/grants/:id', async (req, res) => {
    res.json(
      await broker.revoke(grantId(req.params.id), await user(req), {
        request: req,
      }),
    );
  });

  // Approvers answer requests that wait for them (never their own), with a reason.
  for (const answer of ['approve', 'deny'] as const) {
    router.post(`/access/grants/:id/${answer}`, async (req, res) => {
      const id = grantId(req.params.id);
      const credentials = await user(req);
      const decision = parseGrantDecision(req.body);
      res.json(
        await broker.answer(id, credentials, answer, decision, {
          request: req,
        }),
      );
    });
  }

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
    await broker.expireUnanswered();
    await broker.reconcile();
    await broker.recheckMembership();
    res.json({ expired });
  });

  return router;
}
