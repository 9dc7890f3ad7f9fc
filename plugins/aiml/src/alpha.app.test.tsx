import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { identityApiRef } from '@backstage/core-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import aimlPlugin from './alpha';
import { aimlApiRef } from './api';
import { mockAimlApi } from './__testUtils__/fixtures';
import { sampleUsage } from './__testUtils__/usageFixtures';

const team = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'ml-research', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

// The `./alpha` plugin in an app of the new frontend system, as an adopter mounts it:
// its extension (not the legacy component), rendered by the test app, with the
// backend mocked behind the plugin's API.
describe('the ./alpha plugin in a new-frontend-system app', () => {
  it("renders the team usage card extension with the team's spend", async () => {
    const api = mockAimlApi({
      getTeamUsage: jest.fn().mockResolvedValue(sampleUsage()),
    });
    const card = createExtensionTester(
      aimlPlugin.getExtension('entity-card:aiml/team-usage'),
    );
    renderInTestApp(
      <EntityProvider entity={team}>{card.reactElement()}</EntityProvider>,
      {
        apis: [
          [aimlApiRef, api],
          [
            identityApiRef,
            mockApis.identity({ userEntityRef: 'user:default/maya' }),
          ],
          [permissionApiRef, mockApis.permission()],
        ],
      },
    );
    // The card is a lazy extension: its chunk loads first.
    expect(
      await screen.findByText('$2,744.70', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(api.getTeamUsage).toHaveBeenCalledWith('ml-research', {});
  });

  it('renders the team usage tab extension with its tables', async () => {
    const api = mockAimlApi({
      getTeamUsage: jest.fn().mockResolvedValue(sampleUsage()),
    });
    const tab = createExtensionTester(
      aimlPlugin.getExtension('entity-content:aiml/team-usage'),
    );
    renderInTestApp(
      <EntityProvider entity={team}>{tab.reactElement()}</EntityProvider>,
      {
        apis: [
          [aimlApiRef, api],
          [
            identityApiRef,
            mockApis.identity({ userEntityRef: 'user:default/maya' }),
          ],
          [permissionApiRef, mockApis.permission()],
        ],
      },
    );
    // The tab's tables (material-table) mount in the new system's app too.
    const rows = await screen.findAllByText(
      'llama-finetune',
      {},
      { timeout: 15_000 },
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(screen.getAllByRole('table').length).toBeGreaterThan(1);
  });

  it('renders the portal page extension with every team the user may see', async () => {
    const api = mockAimlApi({
      getTeamsUsage: jest.fn().mockResolvedValue(sampleUsage()),
    });
    const page = createExtensionTester(aimlPlugin.getExtension('page:aiml'));
    renderInTestApp(page.reactElement(), {
      apis: [
        [aimlApiRef, api],
        [
          identityApiRef,
          mockApis.identity({ userEntityRef: 'user:default/fatima' }),
        ],
        [permissionApiRef, mockApis.permission()],
      ],
      // Team names link to their catalog pages, as in an app with the catalog.
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    const links = await screen.findAllByRole(
      'link',
      { name: 'ml-research' },
      { timeout: 15_000 },
    );
    expect(links[0]).toHaveAttribute(
      'href',
      '/catalog/default/group/ml-research',
    );
    expect(screen.getAllByRole('table').length).toBeGreaterThan(0);
  });
});
