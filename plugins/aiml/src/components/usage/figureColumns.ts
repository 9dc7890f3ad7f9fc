import type { TableColumn } from '@backstage/core-components';
import type { CostFigures } from '@eks-aiml/plugin-aiml-common';
import { formatHours, formatMoney, formatPercent } from '../../lib/format';
import { priceSourcesLabel } from './priceSources';

const byNumber =
  <T extends CostFigures>(key: keyof CostFigures) =>
  (a: T, b: T) =>
    ((a[key] as number | null) ?? -1) - ((b[key] as number | null) ?? -1);

/** The money and hour columns every breakdown shares. */
export function figureColumns<T extends CostFigures>(
  currency: string,
  resourceOf: (row: T) => string | undefined,
): TableColumn<T>[] {
  return [
    {
      title: `Spend (${currency})`,
      field: 'spend',
      type: 'numeric',
      defaultSort: 'desc',
      customSort: byNumber<T>('spend'),
      render: row => formatMoney(row.spend, currency),
    },
    {
      title: `Idle spend (${currency})`,
      field: 'idleSpend',
      type: 'numeric',
      customSort: byNumber<T>('idleSpend'),
      render: row => formatMoney(row.idleSpend, currency),
    },
    {
      title: 'Efficiency',
      field: 'efficiency',
      type: 'numeric',
      customSort: byNumber<T>('efficiency'),
      render: row => formatPercent(row.efficiency),
    },
    {
      title: 'Allocated',
      field: 'allocatedHours',
      type: 'numeric',
      customSort: byNumber<T>('allocatedHours'),
      render: row => formatHours(row.allocatedHours, resourceOf(row)),
    },
    {
      title: 'Busy',
      field: 'busyHours',
      type: 'numeric',
      customSort: byNumber<T>('busyHours'),
      render: row => formatHours(row.busyHours, resourceOf(row)),
    },
    {
      title: 'Prices',
      field: 'priceSources',
      sorting: false,
      render: row => priceSourcesLabel(row.priceSources),
    },
  ];
}

/** Options of every figures table: all rows, sortable, no search or column dragging. */
export const tableOptions = {
  paging: false,
  search: false,
  padding: 'dense' as const,
  draggable: false,
};
