import { createBackend } from '@backstage/backend-defaults';
import { permissionPolicyModule } from './modules/permissionPolicy';
import {
  catalogModuleLocalLocations,
  scaffolderModuleLocalPublish,
} from './modules/localPublish/module';
import { rootHttpRouterWithoutStackTraces } from './modules/rootHttpRouter';
import { sandboxPersonasModule } from './modules/sandboxPersonas';

const backend = createBackend();

backend.add(rootHttpRouterWithoutStackTraces);

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(sandboxPersonasModule);

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(catalogModuleLocalLocations);

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@eks-aiml/plugin-scaffolder-backend-module-aiml'));
// publish:github for real deployments; local publishing in sandbox mode.
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(scaffolderModuleLocalPublish);

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(permissionPolicyModule);

// The PostgreSQL engine falls back to Lunr (in memory) when the database is SQLite.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

backend.add(import('@backstage/plugin-techdocs-backend'));
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@eks-aiml/plugin-kubernetes-backend-module-aiml'));
backend.add(import('@backstage/plugin-mcp-actions-backend'));
// In-app notifications (the aiml plugin's budget, idle and access notices), pushed live by signals.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.add(import('@eks-aiml/plugin-aiml-backend'));
// Sandbox mode (aiml.sandbox.enabled or attach): the sandbox's clock, AWS endpoints and
// metrics source. Loads nothing otherwise; refused when NODE_ENV=production.
backend.add(import('@eks-aiml/plugin-aiml-backend-module-sandbox'));

backend.start();
