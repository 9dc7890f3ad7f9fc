import { Table } from '@backstage/core-components';
import type {
  AcceleratorTypeCostRow,
  CostReport,
} from '@eks-aiml/plugin-aiml-common';
import { acceleratorName } from './figures';
import { figureColumns, tableOptions } from './figureColumns';

/** Usage by accelerator type, each in its own unit (GPUs or NeuronCores). */
export const AcceleratorTypesTable = (props: { report: CostReport }) => {
  const { report } = props;
  const rows = report.byAcceleratorType.map(r => ({
    ...r,
    id: `${r.resource}/${r.acceleratorType}`,
  }));
  return (
    <Table
      title="By accelerator type"
      options={tableOptions}
      data={rows}
      columns={[
        {
          title: 'Accelerator',
          field: 'acceleratorType',
          render: r => acceleratorName(r.acceleratorType),
        },
        ...figureColumns<AcceleratorTypeCostRow & { id: string }>(
          report.currency,
          r => r.resource,
        ),
      ]}
    />
  );
};
