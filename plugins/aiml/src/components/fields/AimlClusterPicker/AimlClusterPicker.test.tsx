import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { aimlApiRef, AimlApi } from '../../../api';
import {
  accessEntryCluster,
  mockAimlApi,
  responseError,
  tokenCluster,
} from '../../../__testUtils__/fixtures';
import { AimlClusterPicker } from './AimlClusterPicker';
import { aimlClusterPickerValidation } from './validation';

async function renderPicker(
  api: AimlApi,
  props: { formData?: string; options?: object; onChange?: jest.Mock } = {},
) {
  const onChange = props.onChange ?? jest.fn();
  const fieldProps: any = {
    onChange,
    formData: props.formData,
    schema: { title: 'Cluster' },
    uiSchema: { 'ui:options': props.options ?? {} },
    rawErrors: [],
    required: true,
    idSchema: { $id: 'root_cluster' },
    formContext: { formData: {} },
  };
  const rendered = await renderInTestApp(
    <TestApiProvider apis={[[aimlApiRef, api]]}>
      <AimlClusterPicker {...fieldProps} />
    </TestApiProvider>,
  );
  return { onChange, ...rendered };
}

function validationSink() {
  const errors: string[] = [];
  return {
    errors,
    field: { addError: (m: string) => errors.push(m) } as any,
  };
}

describe('AimlClusterPicker', () => {
  it('offers the clusters with capacity and explains the others', async () => {
    const api = mockAimlApi({
      listClusters: jest
        .fn()
        .mockResolvedValue([tokenCluster, accessEntryCluster]),
    });
    const { onChange } = await renderPicker(api, {
      options: { resource: 'nvidia.com/gpu' },
    });
    await waitFor(() =>
      expect(onChange).toHaveBeenCalledWith('ml-sandbox-use1'),
    );
    fireEvent.mouseDown(await screen.findByRole('button', { name: /Cluster/ }));
    const listbox = await screen.findByRole('listbox');
    const use1 = within(listbox).getByRole('option', {
      name: /ml-sandbox-use1 \(us-east-1\)/,
    });
    expect(use1).toHaveTextContent('16 GPUs g5.12xlarge spot');
    const usw2 = within(listbox).getByRole('option', {
      name: /ml-sandbox-usw2/,
    });
    expect(usw2).toHaveAttribute('aria-disabled', 'true');
    expect(usw2).toHaveTextContent('ml-sandbox-usw2 has no GPU capacity.');
  });

  it('lets the user choose among several clusters', async () => {
    const api = mockAimlApi({
      listClusters: jest
        .fn()
        .mockResolvedValue([tokenCluster, accessEntryCluster]),
    });
    const { onChange } = await renderPicker(api);
    fireEvent.mouseDown(await screen.findByRole('button', { name: /Cluster/ }));
    await userEvent.click(
      within(await screen.findByRole('listbox')).getByRole('option', {
        name: /ml-sandbox-usw2/,
      }),
    );
    expect(onChange).toHaveBeenCalledWith('ml-sandbox-usw2');
  });

  it('shows region and capacity of the chosen cluster', async () => {
    const api = mockAimlApi({
      listClusters: jest.fn().mockResolvedValue([tokenCluster]),
    });
    await renderPicker(api, { formData: 'ml-sandbox-use1' });
    expect(
      await screen.findByText(
        'us-east-1 · Kubernetes 1.31 · 16 GPUs g5.12xlarge spot (NodePool gpu-a10g-spot, nvidia.com/gpu limit 16 (4 instances)), 8 GPUs p4d.24xlarge on-demand (node group gpu-a100, maximum size 1)',
      ),
    ).toBeInTheDocument();
  });

  it('counts a NodePool of many instance types once, at what its limit allows', async () => {
    const entry = (instanceType: string, units: number, instances: number) =>
      (['on-demand', 'spot'] as const).map(capacityType => ({
        pool: 'gpu',
        source: 'nodepool' as const,
        instanceType,
        capacityType,
        acceleratorType: 'nvidia-a10g',
        resource: 'nvidia.com/gpu',
        units,
        instances,
        basis: 'nodepool-limit-cpu' as const,
        limit: { resource: 'cpu', value: '1000' },
        nodeSelector: {
          'node.kubernetes.io/instance-type': instanceType,
          'karpenter.sh/capacity-type': capacityType,
        },
        taints: [],
      }));
    const cluster = {
      ...tokenCluster,
      capacity: [
        ...entry('g5.12xlarge', 80, 20),
        ...entry('g5.48xlarge', 40, 5),
      ],
    };
    await renderPicker(
      mockAimlApi({ listClusters: jest.fn().mockResolvedValue([cluster]) }),
      { formData: 'ml-sandbox-use1' },
    );
    expect(
      await screen.findByText(
        'us-east-1 · Kubernetes 1.31 · up to 80 GPUs 2 instance types on-demand/spot (NodePool gpu, cpu limit 1000 (20 instances))',
      ),
    ).toBeInTheDocument();
  });

  it('shows the backend message when clusters cannot be loaded', async () => {
    const api = mockAimlApi({
      listClusters: jest
        .fn()
        .mockRejectedValue(
          await responseError(500, 'Error', 'registry exploded'),
        ),
    });
    await renderPicker(api);
    expect(
      await screen.findByText('Could not load the clusters: registry exploded'),
    ).toBeInTheDocument();
  });

  it('says how to configure clusters when there are none', async () => {
    await renderPicker(mockAimlApi());
    expect(
      await screen.findByText(/add them under aiml\.clusters/),
    ).toBeInTheDocument();
  });
});

describe('aimlClusterPickerValidation', () => {
  const api = mockAimlApi({
    listClusters: jest
      .fn()
      .mockResolvedValue([tokenCluster, accessEntryCluster]),
  });
  const context = (options = {}) =>
    ({
      apiHolder: { get: () => api },
      formData: {},
      schema: {},
      uiSchema: { 'ui:options': options },
    } as any);

  it('accepts a configured cluster with capacity', async () => {
    const sink = validationSink();
    await aimlClusterPickerValidation('ml-sandbox-use1', sink.field, context());
    expect(sink.errors).toEqual([]);
  });

  it('refuses unknown clusters and clusters without the resource', async () => {
    const sink = validationSink();
    await aimlClusterPickerValidation(
      'https://evil.example',
      sink.field,
      context(),
    );
    expect(sink.errors[0]).toMatch(/is not a configured cluster/);
    const sink2 = validationSink();
    await aimlClusterPickerValidation(
      'ml-sandbox-use1',
      sink2.field,
      context({ resource: 'aws.amazon.com/neuroncore' }),
    );
    expect(sink2.errors).toEqual([
      'ml-sandbox-use1 has no NeuronCore capacity.',
    ]);
  });
});
