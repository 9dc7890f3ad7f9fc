import { screen, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  AimlCohortList,
  AimlTeamQueues,
} from '@eks-aiml/plugin-aiml-common';
import { aimlApiRef } from '../../api';
import { mockAimlApi, responseError } from '../../__testUtils__/fixtures';
import { Cohorts } from './Cohorts';
import { queueStateText } from './queueText';
import { TeamQueues } from './TeamQueues';

const gpu = (over: object) => ({
  flavor: 'g5-12xlarge-spot',
  resource: 'nvidia.com/gpu',
  nominal: 8,
  borrowingLimit: 8,
  used: 0,
  borrowed: 0,
  lent: 0,
  available: 8,
  ...over,
});
const cpu = {
  flavor: 'aiml-host',
  resource: 'cpu',
  nominal: 208,
  used: 0,
  borrowed: 0,
  lent: 0,
  available: 208,
};

const teamQueues: AimlTeamQueues = {
  team: 'recsys',
  queues: [
    {
      cluster: 'ml-sandbox-use1',
      clusterQueue: 'aiml-recsys',
      cohort: 'aiml-teams',
      fairSharingWeight: '1',
      resources: [cpu, gpu({ used: 2, lent: 6, available: 6 })],
      pendingWorkloads: 1,
      admittedWorkloads: 1,
      localQueues: [],
    },
    {
      cluster: 'ml-sandbox-usw2',
      clusterQueue: 'aiml-recsys',
      resources: [],
      pendingWorkloads: 0,
      admittedWorkloads: 0,
      localQueues: [],
      error:
        'The cluster has no ClusterQueue aiml-recsys in cohort aiml-teams yet',
    },
  ],
};

const cohorts: AimlCohortList = {
  items: [
    {
      cluster: 'ml-sandbox-use1',
      name: 'aiml-teams',
      queues: [
        {
          team: 'ml-research',
          clusterQueue: 'aiml-ml-research',
          resources: [gpu({ used: 14, borrowed: 6, available: 0 })],
          pendingWorkloads: 0,
          admittedWorkloads: 2,
        },
        {
          team: 'recsys',
          clusterQueue: 'aiml-recsys',
          resources: [gpu({ lent: 6, available: 2 })],
          pendingWorkloads: 0,
          admittedWorkloads: 0,
        },
      ],
      loans: [
        {
          flavor: 'g5-12xlarge-spot',
          resource: 'nvidia.com/gpu',
          borrower: 'ml-research',
          lender: 'recsys',
          amount: 6,
        },
      ],
    },
  ],
};

describe('TeamQueues', () => {
  it("shows the team's accelerators per flavor and a cluster that has no queue yet", async () => {
    const api = mockAimlApi({
      getTeamQueues: jest.fn().mockResolvedValue(teamQueues),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[aimlApiRef, api]]}>
        <TeamQueues team="recsys" />
      </TestApiProvider>,
    );
    const table = await screen.findByRole('table', {
      name: 'Queue aiml-recsys on ml-sandbox-use1',
    });
    const rows = within(table).getAllByRole('row');
    // The header and one GPU row: host CPU and memory are left out.
    expect(rows).toHaveLength(2);
    expect(
      within(rows[1])
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual(['g5-12xlarge-spot', 'GPUs', '8', '2', '0', '6', '6']);
    expect(screen.getByText(/1 pending, 1 admitted/)).toBeInTheDocument();
    expect(
      screen.getByText(/no ClusterQueue aiml-recsys in cohort aiml-teams yet/),
    ).toBeInTheDocument();
    expect(api.getTeamQueues).toHaveBeenCalledWith('recsys');
  });

  it('shows nothing without Kueue clusters, and the error when refused', async () => {
    const { container } = await renderInTestApp(
      <TestApiProvider apis={[[aimlApiRef, mockAimlApi()]]}>
        <TeamQueues team="recsys" />
      </TestApiProvider>,
    );
    expect(container.textContent).toBe('');
    const refused = mockAimlApi({
      getTeamQueues: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            403,
            'NotAllowedError',
            'You may not see the queues of team "recsys"',
          ),
        ),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[aimlApiRef, refused]]}>
        <TeamQueues team="recsys" />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(/You may not see the queues of team "recsys"/),
    ).toBeInTheDocument();
  });
});

describe('Cohorts', () => {
  it('shows every queue and who borrows from whom', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            aimlApiRef,
            mockAimlApi({ getCohorts: jest.fn().mockResolvedValue(cohorts) }),
          ],
        ]}
      >
        <Cohorts />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(
        'ml-research borrows 6 GPUs of g5-12xlarge-spot from recsys',
      ),
    ).toBeInTheDocument();
    const research = screen.getByRole('table', {
      name: 'Queue of ml-research on ml-sandbox-use1',
    });
    expect(
      within(within(research).getAllByRole('row')[1])
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual([
      'ml-research',
      'g5-12xlarge-spot',
      'GPUs',
      '8',
      '14',
      '6',
      '0',
      '0',
    ]);
  });

  it('shows nothing to those the backend refuses', async () => {
    const api = mockAimlApi({
      getCohorts: jest
        .fn()
        .mockRejectedValue(await responseError(403, 'NotAllowedError', 'no')),
    });
    const { container } = await renderInTestApp(
      <TestApiProvider apis={[[aimlApiRef, api]]}>
        <Cohorts />
      </TestApiProvider>,
    );
    expect(container.textContent).toBe('');
  });
});

describe('queueStateText', () => {
  const base = { localQueue: 'ml-research', clusterQueue: 'aiml-ml-research' };
  it('says where a job is and why', () => {
    expect(
      queueStateText({
        ...base,
        state: 'pending',
        position: 2,
        reason: 'Pending',
        message:
          'insufficient unused quota for nvidia.com/gpu in flavor g5-12xlarge-spot, 4 more needed',
      }),
    ).toBe(
      'Pending in queue ml-research, position 2 (Pending): insufficient unused quota for nvidia.com/gpu in flavor g5-12xlarge-spot, 4 more needed',
    );
    expect(
      queueStateText({
        ...base,
        state: 'borrowing',
        flavors: ['g5-12xlarge-spot'],
      }),
    ).toBe(
      'Admitted, borrowing from the cohort on g5-12xlarge-spot: a lender that needs its quota back may preempt it',
    );
    expect(
      queueStateText({
        ...base,
        state: 'preempted',
        reason: 'InCohortReclamation',
        position: 1,
      }),
    ).toBe('Preempted (InCohortReclamation), queued again at position 1');
  });
});
