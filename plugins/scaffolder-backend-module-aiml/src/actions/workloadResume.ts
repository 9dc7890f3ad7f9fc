import { DiscoveryService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
} from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type {
  AimlProjectWorkloads,
  AimlWorkloadsStarted,
} from '@eks-aiml/plugin-aiml-common';
import { examples } from './workloadResume.examples';

/** The backend's refusal as the typed error it is, with the backend's own message. */
function backendError(error: ResponseError): Error {
  const message = `${error.body.error.message} (aiml backend, HTTP ${error.statusCode})`;
  switch (error.statusCode) {
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    default:
      return error;
  }
}

/**
 * `aiml:workload:resume`: starts a project's workloads that the golden paths
 * applied held, through the aiml backend's one route for it
 * (`POST /api/aiml/projects/:namespace/:name/resume`) as the user who runs the
 * template: the portal's policy decides (the owning team's members), the backend
 * checks the image and the Pod Identity association, patches only the held
 * field and audits it. Fails with the backend's message (409 naming what is
 * missing, 403) rather than logging it. A dry run asks what would start.
 *
 * @public
 */
export function createWorkloadResumeAction(options: {
  discovery: DiscoveryService;
}) {
  const { discovery } = options;
  return createTemplateAction({
    id: 'aiml:workload:resume',
    description:
      "Starts a project's held workloads (suspended RayJob, RayService or PyTorchJob; a Deployment at zero replicas and its paused KEDA ScaledObject) once its image is in ECR and its Pod Identity association is active, through the aiml backend as the user running the template. Fails naming what is still missing.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        project: z =>
          z
            .string()
            .min(1)
            .describe(
              'The project: its Component entity ref, e.g. component:default/llama-finetune (kind and namespace default to component and default)',
            ),
      },
      output: {
        started: z =>
          z
            .array(
              z.object({
                kind: z.string().describe('e.g. RayJob'),
                namespace: z.string().describe('Its namespace'),
                name: z.string().describe('Its name'),
              }),
            )
            .describe(
              'What was started (a dry run: what would be, when nothing is missing)',
            ),
        missing: z =>
          z
            .array(z.string())
            .describe('What the held workloads still wait for (a dry run)'),
      },
    },
    async handler(ctx) {
      const ref = parseEntityRef(ctx.input.project, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      });
      if (ref.kind.toLocaleLowerCase('en-US') !== 'component') {
        throw new InputError(
          `project must be a Component, got ${ctx.input.project}`,
        );
      }
      const token = ctx.secrets?.backstageToken;
      if (!token) {
        throw new InputError(
          "aiml:workload:resume acts as the user running the template, and this run carries no user token (ctx.secrets.backstageToken): run it from the portal's Create page",
        );
      }
      const base = `${await discovery.getBaseUrl(
        'aiml',
      )}/projects/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(
        ref.name,
      )}`;
      const request = async <T>(path: string, method: string): Promise<T> => {
        const res = await fetch(`${base}${path}`, {
          method,
          headers: { Authorization: `Bearer ${token}` },
        });
        if (!res.ok) throw backendError(await ResponseError.fromResponse(res));
        return (await res.json()) as T;
      };
      const describe = (w: {
        kind: string;
        namespace: string;
        name: string;
      }) => ({ kind: w.kind, namespace: w.namespace, name: w.name });
      if (ctx.isDryRun) {
        const status = await request<AimlProjectWorkloads>('/workloads', 'GET');
        const held = status.workloads.filter(w => w.suspended);
        ctx.logger.info(
          `Would start ${held.length} workload(s) of ${ctx.input.project}${
            status.missing.length
              ? `, once these exist: ${status.missing
                  .map(m => m.message)
                  .join('; ')}`
              : ''
          }`,
        );
        ctx.output('started', status.missing.length ? [] : held.map(describe));
        ctx.output(
          'missing',
          status.missing.map(m => m.message),
        );
        return;
      }
      const started = await ctx.checkpoint({
        key: `aiml-workload-resume-${ref.namespace}-${ref.name}`,
        fn: () => request<AimlWorkloadsStarted>('/resume', 'POST'),
      });
      for (const w of started.started) {
        ctx.logger.info(`Started ${w.kind} ${w.namespace}/${w.name}`);
      }
      ctx.output('started', started.started.map(describe));
      ctx.output('missing', []);
    },
  });
}
