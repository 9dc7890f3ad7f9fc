import {
  HttpAuthService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { AimlClusterRegistry } from '@eks-aiml/plugin-aiml-node';
import { CallerAccess } from '../permissions/callerAccess';
import { readServiceAccess } from '../permissions/serviceAccess';
import { UsageRouterDeps } from '../routes/usageRouter';
import { AccessBroker } from '../services/access/accessBroker';
import { ClusterSummaries } from '../services/clusterSummaries';
import { readAimlLimits } from '../services/limits/readLimits';
import { RequestRateLimiter } from '../services/limits/requestRateLimiter';
import { CallerUsage } from '../services/usage/callerUsage';
import { AccessActionsDeps, registerAccessActions } from './accessActions';
import { registerClustersAction } from './clustersAction';
import { registerUsageAction, UsageActionDeps } from './usageAction';

/** Everything the product's MCP actions need. */
export type AimlActionsDeps = UsageActionDeps &
  AccessActionsDeps & { summaries: ClusterSummaries };

/**
 * Registers the product's actions (plugin source `aiml`), which Backstage's MCP actions
 * backend serves as tools. Each acts as its caller: the permission policy and
 * `aiml.serviceAccess` apply exactly as over HTTP.
 */
export function registerAimlActions(
  registry: ActionsRegistryService,
  deps: AimlActionsDeps,
) {
  registerUsageAction(registry, deps);
  registerClustersAction(registry, deps.summaries);
  registerAccessActions(registry, deps);
}

/**
 * The actions' dependencies from the plugin's services and config: who reads what
 * (`aiml.serviceAccess`), the per-person limits (`aiml.usage.maxColdWindowsPerUser`,
 * the grant-request bound shared with HTTP), and grant links under `app.baseUrl` (the
 * team's page, whose access card lists its grants).
 */
export function aimlActionsDeps(options: {
  config: RootConfigService;
  httpAuth: HttpAuthService;
  usage: UsageRouterDeps;
  broker: AccessBroker;
  registry: AimlClusterRegistry;
  requests: RequestRateLimiter;
}): AimlActionsDeps {
  const { config, usage: u } = options;
  const access = new CallerAccess({
    httpAuth: options.httpAuth,
    authorizer: u.authorizer,
    serviceAccess: readServiceAccess(config),
  });
  // Without app.baseUrl (a backend alone), the link is the page's path.
  const appBaseUrl = (config.getOptionalString('app.baseUrl') ?? '').replace(
    /\/+$/,
    '',
  );
  return {
    access,
    usage: new CallerUsage({
      service: u.service,
      access: () => access,
      maxColdWindowsPerUser: readAimlLimits(config).maxColdWindowsPerUser,
    }),
    service: u.service,
    teams: u.teams,
    broker: options.broker,
    requests: options.requests,
    summaries: new ClusterSummaries(options.registry),
    grantUrl: grant => `${appBaseUrl}/catalog/default/group/${grant.team}`,
  };
}
