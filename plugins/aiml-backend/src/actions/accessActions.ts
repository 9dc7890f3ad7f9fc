import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotAllowedError } from '@backstage/errors';
import { CallerAccess } from '../permissions/callerAccess';
import { AccessBroker } from '../services/access/accessBroker';
import { listCallerGrants } from '../services/access/callerGrants';
import { parseGrantListQuery } from '../services/access/grantListQuery';
import { parseGrantRequest } from '../services/access/parseGrantRequest';
import { Grant } from '../services/access/types';
import { RequestRateLimiter } from '../services/limits/requestRateLimiter';

/** What the access actions need: the broker and the rules of `/access/grants`. */
export interface AccessActionsDeps {
  broker: AccessBroker;
  access: CallerAccess;
  /** The per-person bound of grant requests (`aiml.access.requestsPerMinute`). */
  requests: RequestRateLimiter;
  /** The portal page where a grant shows (its team's page, with the access card). */
  grantUrl: (grant: Grant) => string;
}

/** A grant as an assistant sees it: what it is and where to open it, never a credential. */
function grantOf(grant: Grant, grantUrl: (grant: Grant) => string) {
  return {
    id: grant.id,
    userRef: grant.userRef,
    team: grant.team,
    cluster: grant.cluster,
    level: grant.level,
    breakGlass: grant.breakGlass,
    namespaces: grant.namespaces,
    reason: grant.reason,
    state: grant.state,
    createdAt: grant.createdAt,
    expiresAt: grant.expiresAt,
    ...(grant.endReason ? { endReason: grant.endReason } : {}),
    portalUrl: grantUrl(grant),
  };
}

/** The zod shape of {@link grantOf}'s answer, for both actions' outputs. */
function grantSchema(z: typeof import('zod/v3').z) {
  return z.object({
    id: z.string().describe('The grant id (12 hex digits)'),
    userRef: z.string().describe('The grantee, e.g. user:default/maya'),
    team: z.string(),
    cluster: z.string(),
    level: z.string().describe('view, edit, or admin (break-glass only)'),
    breakGlass: z.boolean(),
    namespaces: z.array(z.string()),
    reason: z.string(),
    state: z
      .string()
      .describe(
        "requested (waiting for a team lead's approval), pending, active, revoking, revoked, failed or denied",
      ),
    createdAt: z.string(),
    expiresAt: z.string(),
    endReason: z.string().optional(),
    portalUrl: z
      .string()
      .describe(
        "The team's portal page, whose access card shows the grant and downloads its kubeconfig",
      ),
  });
}

/**
 * `aiml:request-access` and `aiml:list-grants`: the access broker for assistants, by the
 * rules of `POST` and `GET /access/grants`, acting as the calling person.
 */
export function registerAccessActions(
  registry: ActionsRegistryService,
  deps: AccessActionsDeps,
) {
  registry.register({
    name: 'request-access',
    title: 'Request time-bound access to a team namespace',
    description: `Requests time-bound Kubernetes access (view or edit) to a team's namespaces on one EKS cluster, for the calling person, by the same policy as the portal: one's own team up to the cluster's self-service TTL is granted at once; another team's namespaces, or a longer TTL, wait for that team's leads to approve (state "requested"). Break-glass admin access is not available here: use the portal.
It answers the grant's id, state and a portal link where the person downloads the kubeconfig; it never returns a kubeconfig or token. Repeating an identical request while its grant is live returns that grant. Cluster names come from list-clusters.`,
    attributes: { readOnly: false, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          cluster: z.string().describe('A cluster name from list-clusters'),
          team: z
            .string()
            .describe('The team (catalog Group) whose namespaces to access'),
          level: z.enum(['view', 'edit']),
          ttl: z
            .string()
            .describe(
              'How long, as an ISO-8601 duration: PT30M, PT2H (at least PT10M)',
            ),
          reason: z
            .string()
            .describe('Why access is needed, 3 to 500 characters (audited)'),
          requestApproval: z
            .boolean()
            .optional()
            .describe(
              "true to ask the team's leads for another team's namespaces or a TTL above the cluster's self-service maximum (answered with state requested); without it such a request is refused, saying why",
            ),
        }),
      output: z =>
        z.object({
          grant: grantSchema(z),
          created: z
            .boolean()
            .describe('false when an identical live request already made it'),
        }),
    },
    action: async ({ input, credentials }) => {
      const caller = deps.access.callerOf(credentials, 'access grants');
      if (caller.kind !== 'user') {
        throw new NotAllowedError(
          'Only people request grants: aiml.serviceAccess lets a service read grants, never request them',
        );
      }
      const request = parseGrantRequest({ ...input, breakGlass: false });
      deps.requests.take(caller.id);
      const { grant, created } = await deps.broker.request(
        credentials as BackstageCredentials<BackstageUserPrincipal>,
        request,
      );
      return { output: { grant: grantOf(grant, deps.grantUrl), created } };
    },
  });

  registry.register({
    name: 'list-grants',
    title: 'List access grants',
    description: `The access grants the caller may see, newest first: their own, and those of the teams whose grants they may read (team leads, platform admins). Filter by team or state; pass nextCursor back as cursor for the next page. Never includes a kubeconfig or token.`,
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          team: z.string().optional().describe('Only this team’s grants'),
          states: z
            .array(z.string())
            .optional()
            .describe('Only grants in these states, e.g. ["active"]'),
          limit: z.number().int().min(1).max(500).optional(),
          cursor: z
            .string()
            .optional()
            .describe('nextCursor of the previous page'),
        }),
      output: z =>
        z.object({
          grants: z.array(grantSchema(z)),
          nextCursor: z.string().optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      const caller = deps.access.callerOf(credentials, 'access grants');
      const query = parseGrantListQuery({
        ...(input.team !== undefined ? { team: input.team } : {}),
        ...(input.states ? { state: input.states.join(',') } : {}),
        ...(input.limit !== undefined ? { limit: String(input.limit) } : {}),
        ...(input.cursor !== undefined ? { cursor: input.cursor } : {}),
      });
      const page = await listCallerGrants(deps.broker, caller, query);
      return {
        output: {
          grants: page.items.map(g => grantOf(g, deps.grantUrl)),
          ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
        },
      };
    },
  });
}
