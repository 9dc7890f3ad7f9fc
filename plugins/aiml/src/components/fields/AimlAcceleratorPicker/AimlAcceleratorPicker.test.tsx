import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { aimlApiRef, AimlApi, AimlPricing } from '../../../api';
import {
  mockAimlApi,
  responseError,
  tokenCluster,
} from '../../../__testUtils__/fixtures';
import { expectNoSeriousA11yViolations } from '../../../__testUtils__/axe';
import { AimlAcceleratorPicker } from './AimlAcceleratorPicker';
import { aimlAcceleratorPickerValidation } from './validation';

const pricing: AimlPricing = {
  currency: 'USD',
  instanceTypes: [
    { instanceType: 'g5.12xlarge', onDemandHourly: 5.672, spotHourly: 2.2688 },
    {
      instanceType: 'p4d.24xlarge',
      onDemandHourly: 21.957642,
      spotHourly: 8.7830568,
    },
    { instanceType: 'trn1.32xlarge', onDemandHourly: 21.5, spotHourly: 8.6 },
  ],
};

async function renderPicker(
  api: AimlApi,
  props: {
    formData?: any;
    options?: object;
    cluster?: string;
    form?: object;
    onChange?: jest.Mock;
  } = {},
) {
  const onChange = props.onChange ?? jest.fn();
  const fieldProps: any = {
    onChange,
    formData: props.formData,
    schema: { title: 'Accelerator' },
    uiSchema: { 'ui:options': props.options ?? {} },
    rawErrors: [],
    required: true,
    idSchema: { $id: 'root_accelerator' },
    formContext: { formData: { cluster: props.cluster, ...props.form } },
  };
  const rendered = await renderInTestApp(
    <TestApiProvider apis={[[aimlApiRef, api]]}>
      <AimlAcceleratorPicker {...fieldProps} />
    </TestApiProvider>,
  );
  return { onChange, ...rendered };
}

/** Eight A100s per pod, on demand: what ml-sandbox-use1 offers. */
const p4d = {
  instanceType: 'p4d.24xlarge',
  acceleratorType: 'nvidia-a100-40gb',
  resource: 'nvidia.com/gpu',
  count: 8,
  capacityType: 'on-demand' as const,
};

const api = () =>
  mockAimlApi({
    listClusters: jest.fn().mockResolvedValue([tokenCluster]),
    getPricing: jest.fn().mockResolvedValue(pricing),
  });

describe('AimlAcceleratorPicker', () => {
  it('lists what the chosen cluster has, with prices', async () => {
    await renderPicker(api(), { cluster: 'ml-sandbox-use1' });
    const table = await screen.findByRole('table', { name: 'Instance types' });
    await waitFor(() =>
      expect(within(table).getAllByRole('row')).toHaveLength(3),
    );
    const g5 = within(table).getByRole('row', { name: /g5\.12xlarge/ });
    expect(g5).toHaveTextContent('NVIDIA A10G 24GB');
    expect(g5).toHaveTextContent('4 × 24 GiB');
    expect(g5).toHaveTextContent('4 GPUs');
    expect(await within(g5).findByText('$5.672/h')).toBeInTheDocument();
    expect(within(g5).getByText('$2.2688/h')).toBeInTheDocument();
    expect(g5).toHaveTextContent('16 GPUs spot');
    // Where the figure comes from: the NodePool's limit, as instances.
    expect(g5).toHaveTextContent(
      'NodePool gpu-a10g-spot, nvidia.com/gpu limit 16 (4 instances)',
    );
    expect(
      within(table).getByRole('row', { name: /p4d\.24xlarge/ }),
    ).toHaveTextContent('node group gpu-a100, maximum size 1');
    expect(within(table).queryByText('p5.48xlarge')).not.toBeInTheDocument();
    expect(
      screen.getByText(/Showing what cluster ml-sandbox-use1 has/),
    ).toBeVisible();
  });

  it('chooses an instance type with a capacity type the cluster offers', async () => {
    const { onChange } = await renderPicker(api(), {
      cluster: 'ml-sandbox-use1',
    });
    await userEvent.click(
      await screen.findByRole('radio', { name: 'g5.12xlarge' }),
    );
    expect(onChange).toHaveBeenLastCalledWith({
      instanceType: 'g5.12xlarge',
      acceleratorType: 'nvidia-a10g',
      resource: 'nvidia.com/gpu',
      count: 4,
      capacityType: 'spot',
    });
  });

  it('shows the price of the choice', async () => {
    await renderPicker(api(), {
      cluster: 'ml-sandbox-use1',
      formData: {
        instanceType: 'g5.12xlarge',
        acceleratorType: 'nvidia-a10g',
        resource: 'nvidia.com/gpu',
        count: 2,
        capacityType: 'spot',
      },
    });
    expect(
      await screen.findByText(
        '2 GPUs of NVIDIA A10G 24GB on g5.12xlarge (spot): $1.1344/h ($0.5672/h per GPU)',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'On-demand' })).toBeDisabled();
    // The source of the capacity and the selector that lands pods on it.
    expect(
      screen.getByText(
        '16 GPUs from NodePool gpu-a10g-spot, nvidia.com/gpu limit 16 (4 instances); pods select node.kubernetes.io/instance-type=g5.12xlarge, karpenter.sh/capacity-type=spot',
      ),
    ).toBeInTheDocument();
  });

  it('offers a spot node group scaled to zero by its maximum size, with its own capacity-type label', async () => {
    const scaledToZero = {
      ...tokenCluster,
      capacity: [
        {
          pool: 'gpu-l4-spot',
          source: 'nodegroup' as const,
          instanceType: 'g6.12xlarge',
          capacityType: 'spot' as const,
          acceleratorType: 'nvidia-l4',
          resource: 'nvidia.com/gpu',
          units: 16,
          instances: 4,
          basis: 'nodegroup-max' as const,
          nodeSelector: {
            'node.kubernetes.io/instance-type': 'g6.12xlarge',
            'eks.amazonaws.com/capacityType': 'SPOT',
          },
          taints: [],
        },
      ],
    };
    await renderPicker(
      mockAimlApi({
        listClusters: jest.fn().mockResolvedValue([scaledToZero]),
        getPricing: jest.fn().mockResolvedValue(pricing),
      }),
      {
        cluster: 'ml-sandbox-use1',
        formData: {
          instanceType: 'g6.12xlarge',
          acceleratorType: 'nvidia-l4',
          resource: 'nvidia.com/gpu',
          count: 4,
          capacityType: 'spot',
        },
      },
    );
    expect(
      await screen.findByText(
        '16 GPUs from node group gpu-l4-spot, maximum size 4; pods select node.kubernetes.io/instance-type=g6.12xlarge, eks.amazonaws.com/capacityType=SPOT',
      ),
    ).toBeInTheDocument();
  });

  it('refuses more accelerators than the instance has', async () => {
    await renderPicker(api(), {
      cluster: 'ml-sandbox-use1',
      formData: {
        instanceType: 'g5.12xlarge',
        acceleratorType: 'nvidia-a10g',
        resource: 'nvidia.com/gpu',
        count: 8,
        capacityType: 'spot',
      },
    });
    expect(
      await screen.findByText(
        'g5.12xlarge has 4 GPUs: ask for at most 4, or choose a larger instance type.',
      ),
    ).toBeInTheDocument();
  });

  it("warns while pods × GPUs exceed the team's quota", async () => {
    const quotaApi = api();
    quotaApi.getTeamQuota.mockResolvedValue({ gpu: 8, neuronCores: 32 });
    await renderPicker(quotaApi, {
      cluster: 'ml-sandbox-use1',
      options: { podsField: 'workers' },
      form: { owner: 'group:default/ml-research', workers: 2 },
      formData: p4d,
    });
    expect(
      await screen.findByText(
        /^2 pods × 8 GPUs = 16 GPUs, more than team "ml-research"'s quota of 8 GPUs per namespace: at most 1 pod of 8 fit\./,
      ),
    ).toBeInTheDocument();
    expect(quotaApi.getTeamQuota).toHaveBeenCalledWith('ml-research');
  });

  it('on a Kueue cluster, checks nominal + borrowing limit and says how long the job would wait', async () => {
    const kueueApi = mockAimlApi({
      listClusters: jest.fn().mockResolvedValue([
        {
          ...tokenCluster,
          scheduling: {
            mode: 'kueue',
            cohort: 'aiml-teams',
            borrowingLimitPercent: 100,
          },
        },
      ]),
      getPricing: jest.fn().mockResolvedValue(pricing),
      getTeamQueues: jest.fn().mockResolvedValue({
        team: 'ml-research',
        queues: [
          {
            cluster: 'ml-sandbox-use1',
            clusterQueue: 'aiml-ml-research',
            resources: [
              {
                flavor: 'p4d-24xlarge-on-demand',
                resource: 'nvidia.com/gpu',
                nominal: 8,
                borrowingLimit: 8,
                used: 8,
                borrowed: 0,
                lent: 0,
                available: 4,
              },
            ],
            pendingWorkloads: 1,
            admittedWorkloads: 1,
            localQueues: [],
          },
        ],
      }),
    });
    // 2 pods x 8 = 16 GPUs: over the nominal 8, within 8 + 100% borrowing.
    await renderPicker(kueueApi, {
      cluster: 'ml-sandbox-use1',
      options: { podsField: 'workers' },
      form: { owner: 'group:default/ml-research', workers: 2 },
      formData: p4d,
    });
    expect(
      await screen.findByText(
        'Kueue: Waits in queue aiml-ml-research: 1 workload pending ahead, 4 GPUs of p4d-24xlarge-on-demand available now (12 more needed). It starts when running workloads of the team finish or the cohort has GPUs to lend.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/more than team "ml-research"'s quota/),
    ).toBeNull();
    expect(kueueApi.getTeamQueues).toHaveBeenCalledWith('ml-research');
  });

  it('says when the quota cannot be read, and lets the first step check it', async () => {
    const failing = api();
    failing.getTeamQuota.mockRejectedValue(
      await responseError(503, 'ServiceUnavailableError', 'catalog down'),
    );
    await renderPicker(failing, {
      cluster: 'ml-sandbox-use1',
      form: { owner: 'group:default/ml-research' },
    });
    expect(
      await screen.findByText(
        /Could not read team ml-research's quota \(\s*catalog down\); the first step checks it\./,
      ),
    ).toBeInTheDocument();
  });

  it('offers only Neuron instance types to Neuron templates', async () => {
    await renderPicker(api(), { options: { vendor: 'aws' } });
    const table = await screen.findByRole('table', { name: 'Instance types' });
    expect(within(table).getByText('trn1.32xlarge')).toBeInTheDocument();
    expect(within(table).getByText('inf2.xlarge')).toBeInTheDocument();
    expect(within(table).queryByText('g5.12xlarge')).not.toBeInTheDocument();
    expect(
      screen.getByText(/Choose a cluster first to see what it has/),
    ).toBeVisible();
  });

  it('explains a cluster without usable capacity', async () => {
    await renderPicker(api(), {
      cluster: 'ml-sandbox-use1',
      options: { vendor: 'aws' },
    });
    expect(
      await screen.findByText(
        /Cluster ml-sandbox-use1 has no accelerator capacity this template can use/,
      ),
    ).toBeInTheDocument();
  });

  it('still lets people choose when prices are unavailable', async () => {
    await renderPicker(
      mockAimlApi({
        listClusters: jest.fn().mockResolvedValue([tokenCluster]),
        getPricing: jest
          .fn()
          .mockRejectedValue(
            await responseError(404, 'NotFoundError', 'no route /pricing'),
          ),
      }),
      { cluster: 'ml-sandbox-use1' },
    );
    expect(
      await screen.findByText('Prices are unavailable: no route /pricing'),
    ).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'g5.12xlarge' })).toBeEnabled();
  });

  it('has no serious accessibility violations', async () => {
    const { container } = await renderPicker(api(), {
      cluster: 'ml-sandbox-use1',
      formData: {
        instanceType: 'g5.12xlarge',
        acceleratorType: 'nvidia-a10g',
        resource: 'nvidia.com/gpu',
        count: 4,
        capacityType: 'spot',
      },
    });
    await screen.findByText(/\$0\.5672\/h per GPU/);
    await expectNoSeriousA11yViolations(container);
  });
});

describe('aimlAcceleratorPickerValidation', () => {
  const context = (clusterName?: string, options = {}, form = {}) =>
    ({
      apiHolder: { get: () => api() },
      formData: { cluster: clusterName, ...form },
      schema: {},
      uiSchema: { 'ui:options': options },
    } as any);
  const sink = () => {
    const errors: string[] = [];
    return {
      errors,
      field: { addError: (m: string) => errors.push(m) } as any,
    };
  };

  it('refuses an instance type the cluster does not have', async () => {
    const s = sink();
    await aimlAcceleratorPickerValidation(
      {
        instanceType: 'p5.48xlarge',
        acceleratorType: 'nvidia-h100',
        resource: 'nvidia.com/gpu',
        count: 8,
        capacityType: 'on-demand',
      },
      s.field,
      context('ml-sandbox-use1'),
    );
    expect(s.errors).toEqual([
      'Cluster ml-sandbox-use1 has no p5.48xlarge capacity (it has g5.12xlarge, p4d.24xlarge).',
    ]);
  });

  it('accepts a choice that fits', async () => {
    const s = sink();
    await aimlAcceleratorPickerValidation(
      p4d,
      s.field,
      context('ml-sandbox-use1'),
    );
    expect(s.errors).toEqual([]);
  });

  it("refuses pods × GPUs beyond the team's quota, as the first step would", async () => {
    const s = sink();
    await aimlAcceleratorPickerValidation(
      p4d,
      s.field,
      context(
        'ml-sandbox-use1',
        { podsField: 'workers' },
        { owner: 'group:default/ml-research', workers: 2 },
      ),
    );
    expect(s.errors).toEqual([
      expect.stringMatching(
        /^2 pods × 8 GPUs = 16 GPUs, more than team "ml-research"'s quota of 8 GPUs/,
      ),
    ]);
  });
});
