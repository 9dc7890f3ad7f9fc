import { HttpAuthService } from '@backstage/backend-plugin-api';
import { TeamDirectory } from '@eks-aiml/plugin-aiml-node';
import type { ApiRouter } from '@backstage/backend-openapi-utils';
import Router from 'express-promise-router';
import { spec } from '../schema/openapi.generated';

/**
 * `GET /teams/:team/quota`: the team's accelerator quota per namespace (config default
 * or the Group's annotation), so template forms refuse what the provisioning actions
 * would. Entitlements are not secret: any signed-in user or service may read them.
 */
export function createTeamsRouter(options: {
  teams: TeamDirectory;
  httpAuth: HttpAuthService;
}) {
  const { teams, httpAuth } = options;
  // Typed by the spec: a handler whose answer leaves the contract does not compile.
  const router = Router() as unknown as ApiRouter<typeof spec>;

  router.get('/teams/:team/quota', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const team = await teams.getTeam(req.params.team);
    res.json({ team: team.name, quota: team.quota });
  });

  return router;
}
