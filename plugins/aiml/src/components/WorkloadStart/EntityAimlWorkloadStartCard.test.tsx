import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { AimlProjectWorkloads } from '@eks-aiml/plugin-aiml-common';
import { aimlApiRef, AimlApi } from '../../api';
import { mockAimlApi, responseError } from '../../__testUtils__/fixtures';
import { EntityAimlWorkloadStartCard } from './EntityAimlWorkloadStartCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'llama-finetune', namespace: 'default' },
  spec: { type: 'ml-training', owner: 'ml-research', lifecycle: 'production' },
};

const rayJob = (suspended: boolean) => ({
  apiVersion: 'ray.io/v1',
  kind: 'RayJob',
  namespace: 'ml-research-training',
  name: 'llama-finetune',
  suspended,
  waitingFor: ['image' as const, 'pod-identity' as const],
});

const status = (
  suspended: boolean,
  missing: AimlProjectWorkloads['missing'] = [],
): AimlProjectWorkloads => ({
  project: 'component:default/llama-finetune',
  team: 'ml-research',
  cluster: 'ml-sandbox-use1',
  workloads: [rayJob(suspended)],
  missing,
});

const IMAGE_MISSING = {
  prerequisite: 'image' as const,
  message:
    "image 111122223333.dkr.ecr.us-east-1.amazonaws.com/ml-research/llama-finetune:latest is not in ECR yet: push to main so the project's CI builds it into ml-research/llama-finetune",
};

function render(api: AimlApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[aimlApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityAimlWorkloadStartCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityAimlWorkloadStartCard', () => {
  it('shows progress while loading', async () => {
    await render(mockAimlApi());
    // Backstage's Progress appears after a short delay.
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('says what is still missing and keeps the start button disabled', async () => {
    const api = mockAimlApi({
      getProjectWorkloads: jest
        .fn()
        .mockResolvedValue(status(true, [IMAGE_MISSING])),
    });
    await render(api);
    expect(
      await screen.findByText(/is not in ECR yet: push to main/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Held, waiting for its image in ECR and its Pod Identity association',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Start 1 held workload(s)' }),
    ).toBeDisabled();
    expect(api.getProjectWorkloads).toHaveBeenCalledWith({
      namespace: 'default',
      name: 'llama-finetune',
    });
  });

  it('starts once nothing is missing, then shows what started', async () => {
    const api = mockAimlApi({
      getProjectWorkloads: jest
        .fn()
        .mockResolvedValueOnce(status(true))
        .mockResolvedValue(status(false)),
      resumeProject: jest.fn().mockResolvedValue({
        ...status(false),
        started: [rayJob(false)],
      }),
    });
    await render(api);
    const button = await screen.findByRole('button', {
      name: 'Start 1 held workload(s)',
    });
    expect(button).toBeEnabled();
    fireEvent.click(button);
    expect(
      await screen.findByText('Started RayJob llama-finetune.'),
    ).toBeInTheDocument();
    expect(api.resumeProject).toHaveBeenCalledWith({
      namespace: 'default',
      name: 'llama-finetune',
    });
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: /Start/ })).toBeNull(),
    );
  });

  it("shows the backend's refusal of a start", async () => {
    const api = mockAimlApi({
      getProjectWorkloads: jest.fn().mockResolvedValue(status(true)),
      resumeProject: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            403,
            'NotAllowedError',
            'You may not start the workloads of component:default/llama-finetune: permission aiml.workload.resume is not granted for team "ml-research"',
          ),
        ),
    });
    await render(api);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Start 1 held workload(s)' }),
    );
    expect(
      (await screen.findAllByText(/aiml.workload.resume is not granted/))
        .length,
    ).toBeGreaterThan(0);
  });

  it('shows a load error', async () => {
    await render(
      mockAimlApi({
        getProjectWorkloads: jest
          .fn()
          .mockRejectedValue(
            await responseError(
              400,
              'InputError',
              'Project component:default/llama-finetune has no aiml.eks.aws/cluster annotation',
            ),
          ),
      }),
    );
    expect(
      (await screen.findAllByText(/has no aiml.eks.aws\/cluster annotation/))
        .length,
    ).toBeGreaterThan(0);
  });

  it("shows a started job's place in its Kueue queue, and looks again on request", async () => {
    const queued = (
      queue: AimlProjectWorkloads['workloads'][number]['queue'],
    ) => ({
      ...status(false),
      workloads: [{ ...rayJob(false), queue }],
    });
    const api = mockAimlApi({
      getProjectWorkloads: jest
        .fn()
        .mockResolvedValueOnce(
          queued({
            state: 'pending',
            localQueue: 'ml-research',
            clusterQueue: 'aiml-ml-research',
            position: 1,
            reason: 'Pending',
            message:
              "couldn't assign flavors to pod set workers: insufficient unused quota for nvidia.com/gpu in flavor g5-12xlarge-spot, 4 more needed",
          }),
        )
        .mockResolvedValueOnce(
          queued({
            state: 'admitted',
            localQueue: 'ml-research',
            clusterQueue: 'aiml-ml-research',
            flavors: ['aiml-host', 'g5-12xlarge-spot'],
          }),
        ),
    });
    await render(api);
    expect(
      await screen.findByText(
        /Started\. Pending in queue ml-research, position 1 \(Pending\): .*4 more needed/,
      ),
    ).toBeInTheDocument();
    fireEvent.click(
      screen.getByRole('button', { name: 'Check the queue again' }),
    );
    expect(
      await screen.findByText(
        'Started. Admitted by Kueue on aiml-host, g5-12xlarge-spot',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
