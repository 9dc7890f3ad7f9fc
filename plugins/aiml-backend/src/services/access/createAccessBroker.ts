import {
  AuditorService,
  AuthService,
  DatabaseService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AimlClock,
  AimlClusterRegistry,
  TeamDirectory,
} from '@eks-aiml/plugin-aiml-node';
import { TeamAuthorizer } from '../../permissions/teamAuthorizer';
import { ClusterBundleCheck } from '../bundle/ClusterBundleCheck';
import { AccessBroker, BrokerPolicy } from './accessBroker';
import { AccessEntryGrants } from './accessEntryGrants';
import { GrantEvents } from './grantEvents';
import { AccessEntryStrategy } from './accessEntryStrategy';
import { DatabaseGrantLocks } from './grantLocks';
import { GrantStore } from './grantStore';
import { NamespaceSweep } from './namespaceSweep';
import { PrincipalDirectory } from './principalDirectory';
import { TokenGrants } from './tokenGrants';
import { TokenStrategy } from './tokenStrategy';

/**
 * Wires the access broker and both of its strategies on the plugin's database.
 *
 * @public
 */
export async function createAccessBroker(options: {
  database: DatabaseService;
  registry: AimlClusterRegistry;
  teams: TeamDirectory;
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  /** Team-scoped decisions, shared with the plugin's routes. */
  authorizer: TeamAuthorizer;
  auditor: AuditorService;
  logger: LoggerService;
  clock: AimlClock;
  bundle: ClusterBundleCheck;
  policy: BrokerPolicy;
  events?: GrantEvents;
}): Promise<AccessBroker> {
  const { registry, auditor, logger, clock, permissions } = options;
  const store = await GrantStore.create(options.database);
  const locks = new DatabaseGrantLocks(await options.database.getClient());
  return new AccessBroker({
    store,
    registry,
    teams: options.teams,
    authorizer: options.authorizer,
    permissions,
    auditor,
    logger,
    clock,
    bundle: options.bundle,
    sweep: new NamespaceSweep({ registry, auditor, logger }),
    policy: options.policy,
    events: options.events,
    principals: new PrincipalDirectory({
      catalog: options.catalog,
      auth: options.auth,
    }),
    lifecycles: {
      token: new TokenGrants({
        store,
        locks,
        tokens: new TokenStrategy(registry),
        registry,
        auditor,
        logger,
        clock,
      }),
      'access-entry': new AccessEntryGrants({
        store,
        locks,
        strategy: new AccessEntryStrategy(registry),
        registry,
        auditor,
        logger,
        clock,
      }),
    },
  });
}
