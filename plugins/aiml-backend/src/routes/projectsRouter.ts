import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { ApiRouter } from '@backstage/backend-openapi-utils';
import Router from 'express-promise-router';
import { spec } from '../schema/openapi.generated';
import { WorkloadStarter } from '../services/workloads/WorkloadStarter';

/** Catalog names and namespaces: `[A-Za-z0-9]` runs joined by `-`, `_` or `.`, at most 63. */
const ENTITY_PART = /^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/;

function componentRef(namespace: string, name: string): string {
  for (const part of [namespace, name]) {
    if (part.length > 63 || !ENTITY_PART.test(part)) {
      throw new InputError(
        `"${part}" is not a valid entity namespace or name: use letters, digits and - _ . (at most 63 characters), e.g. /projects/default/llama-finetune/workloads`,
      );
    }
  }
  return `component:${namespace}/${name}`;
}

/**
 * A project's workloads under `/projects/:namespace/:name`: what its held
 * workloads wait for (`GET …/workloads`) and starting them (`POST …/resume`),
 * for people only; the portal's policy decides who (see {@link WorkloadStarter}).
 */
export function createProjectsRouter(options: {
  starter: WorkloadStarter;
  httpAuth: HttpAuthService;
}) {
  const { starter, httpAuth } = options;
  // Typed by the spec: a handler whose answer leaves the contract does not compile.
  const router = Router() as unknown as ApiRouter<typeof spec>;

  router.get('/projects/:namespace/:name/workloads', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const ref = componentRef(req.params.namespace, req.params.name);
    res.json(await starter.status(ref, credentials));
  });

  router.post('/projects/:namespace/:name/resume', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const ref = componentRef(req.params.namespace, req.params.name);
    res.json(await starter.resume(ref, credentials, { request: req }));
  });

  return router;
}
