import { expect, test } from '@playwright/test';
import { CustomObjectsApi } from '@kubernetes/client-node';
import {
  createTrainingProject,
  emptyNamespaces,
  KUEUE_CLUSTER,
  makeProjectReady,
  startKueuePortal,
} from '../support/kueuePortal';
import { PortalCall, signedInCaller, until } from '../support/portalCalls';
import { SandboxPortal } from '../support/sandboxPortal';
import { signInAsGuest } from './support/signIn';

// Its own portal (port 7311): a sandbox whose ml-sandbox-use1 queues training with
// Kueue, served with the production build of the app like the shared e2e server.
const PORT = 7311;
test.use({ baseURL: `http://localhost:${PORT}` });

let portal: SandboxPortal;
let call: PortalCall;

/** Creates a golden-path training project through the portal's API and starts it. */
async function createAndStart(
  persona: string,
  team: string,
  name: string,
  workers: number,
) {
  await createTrainingProject(call, { persona, team, name, workers });
  await makeProjectReady(portal, {
    team,
    name,
    namespace: `${team}-training`,
  });
  await until(`${name} started`, async () => {
    const res = await call(
      persona,
      'POST',
      `/api/aiml/projects/default/${name}/resume`,
    );
    return res.status === 200;
  });
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  portal = await startKueuePortal({
    port: PORT,
    env: {
      APP_CONFIG_app_baseUrl: `http://localhost:${PORT}`,
    },
  });
  await emptyNamespaces(portal, ['ml-research-training', 'recsys-training']);
  call = await signedInCaller(portal.backend, [
    ['maya', 'ml-research'],
    ['omar', 'recsys'],
  ]);
});

test.afterAll(() => portal?.stop());

test('an ML engineer sees their job pending with its reason and position, then admitted', async ({
  page,
}) => {
  test.setTimeout(300_000);
  // recsys runs 16 GPUs: its 8 and the 8 idle ml-research lends.
  await createAndStart('omar', 'recsys', 'e2e-q-recsys', 4);
  // maya's 12: her team's 8 come back by reclaim, the 4 more are recsys' own: she waits.
  const name = `e2e-q-${Date.now().toString(36)}`;
  await createAndStart('maya', 'ml-research', name, 3);

  await signInAsGuest(page);
  await page.goto(`/catalog/default/component/${name}`);
  const card = page.locator('article, div').filter({
    has: page.getByText('Workload start'),
  });
  await expect(
    card
      .getByText(
        /Pending in queue ml-research, position 1 \(Pending\): .*insufficient unused quota for nvidia\.com\/gpu in flavor p4d-24xlarge-spot/,
      )
      .first(),
  ).toBeVisible({ timeout: 60_000 });

  // recsys' job ends: its quota frees and Kueue admits maya's job whole.
  await portal
    .kubeConfig(KUEUE_CLUSTER)
    .makeApiClient(CustomObjectsApi)
    .deleteNamespacedCustomObject({
      group: 'ray.io',
      version: 'v1',
      namespace: 'recsys-training',
      plural: 'rayjobs',
      name: 'e2e-q-recsys',
    });
  await expect(async () => {
    await page.getByRole('button', { name: 'Check the queue again' }).click();
    await expect(
      page.getByText(
        /Admitted, borrowing from the cohort on .*p4d-24xlarge-spot/,
      ),
    ).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
});
