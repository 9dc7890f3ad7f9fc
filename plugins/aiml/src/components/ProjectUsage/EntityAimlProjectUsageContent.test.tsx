import { screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { aimlApiRef, AimlApi } from '../../api';
import { mockAimlApi, responseError } from '../../__testUtils__/fixtures';
import { emptyReport, sampleUsage } from '../../__testUtils__/usageFixtures';
import { EntityAimlProjectUsageContent } from './EntityAimlProjectUsageContent';
import { EntityAimlProjectUsageCard } from './EntityAimlProjectUsageCard';

const component = (annotated = true): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'llama-finetune',
    namespace: 'default',
    annotations: annotated
      ? { 'backstage.io/kubernetes-id': 'llama-finetune' }
      : {},
  },
  spec: { type: 'ml-training', owner: 'ml-research', lifecycle: 'production' },
});

function render(
  api: AimlApi,
  element = <EntityAimlProjectUsageContent />,
  entity = component(),
) {
  return renderInTestApp(
    <TestApiProvider apis={[[aimlApiRef, api]]}>
      <EntityProvider entity={entity}>{element}</EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityAimlProjectUsageContent', () => {
  it('shows skeletons while loading', async () => {
    await render(
      mockAimlApi({
        getProjectUsage: jest.fn(() => new Promise<never>(() => {})),
      }),
    );
    expect(screen.getByRole('status', { name: 'Loading usage' })).toBeVisible();
  });

  it('shows the project figures from its row', async () => {
    const api = mockAimlApi({
      getProjectUsage: jest.fn().mockResolvedValue(sampleUsage()),
    });
    await render(api);
    const summary = await screen.findByRole('region', { name: 'Summary' });
    // llama-finetune: 700 h at $2.7447, 600 busy
    expect(within(summary).getByText('$1,921.29')).toBeInTheDocument();
    expect(within(summary).getByText('$274.47')).toBeInTheDocument();
    expect(within(summary).getByText('85.7%')).toBeInTheDocument();
    expect(api.getProjectUsage).toHaveBeenCalledWith(
      { namespace: 'default', name: 'llama-finetune' },
      {},
    );
  });

  it("lists the project's workloads, not other projects'", async () => {
    const usage = sampleUsage();
    await render(
      mockAimlApi({ getProjectUsage: jest.fn().mockResolvedValue(usage) }),
    );
    expect(
      await screen.findByText('RayJob/llama-finetune-ray'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Job/ranker-sweep')).not.toBeInTheDocument();
  });

  it('shows the backend message on errors', async () => {
    await render(
      mockAimlApi({
        getProjectUsage: jest
          .fn()
          .mockRejectedValue(
            await responseError(
              503,
              'ServiceUnavailableError',
              'No metrics source for cluster ml-sandbox-use1',
            ),
          ),
      }),
    );
    expect(
      (await screen.findAllByText(/No metrics source for cluster/)).length,
    ).toBeGreaterThan(0);
  });

  it('says which annotation and label are missing when empty', async () => {
    await render(
      mockAimlApi({
        getProjectUsage: jest.fn().mockResolvedValue({ report: emptyReport() }),
      }),
      <EntityAimlProjectUsageContent />,
      component(false),
    );
    expect(
      await screen.findByText(
        'No accelerator usage for llama-finetune in this period',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /has no backstage.io\/kubernetes-id annotation: add "backstage.io\/kubernetes-id: llama-finetune"/,
      ),
    ).toBeInTheDocument();
  });
});

describe('EntityAimlProjectUsageCard', () => {
  it('shows spend and efficiency', async () => {
    await render(
      mockAimlApi({
        getProjectUsage: jest.fn().mockResolvedValue(sampleUsage()),
      }),
      <EntityAimlProjectUsageCard />,
    );
    expect(await screen.findByText(/\$1,921\.29/)).toBeInTheDocument();
    expect(screen.getByText('85.7%')).toBeInTheDocument();
  });
});
