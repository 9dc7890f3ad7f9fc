import {
  AcceleratorInstanceType,
  acceleratorUnitsPerInstance,
} from '@eks-aiml/plugin-aiml-common';
import {
  Box,
  Radio,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import type { AimlCluster, AimlPricing } from '../../../api';
import { formatHourly, formatUnits } from '../../../lib/format';
import { ClusterCapacityCell } from './ClusterCapacityCell';
import { priceOf } from './utils';

/** The instance types offered, one radio row each, with prices and the cluster's capacity. */
export const InstanceTypeTable = (props: {
  rows: AcceleratorInstanceType[];
  cluster?: AimlCluster;
  pricing?: AimlPricing;
  currency: string;
  selected?: string;
  locked?: boolean;
  /** The radio group's name. */
  name: string;
  onChoose(t: AcceleratorInstanceType): void;
}) => {
  const { rows, cluster, pricing, currency, locked, name, onChoose } = props;
  return (
    <Box overflow="auto" maxHeight={360} mt={1}>
      <Table size="small" aria-label="Instance types" stickyHeader>
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox" style={{ whiteSpace: 'nowrap' }}>
              Choose
            </TableCell>
            <TableCell>Instance type</TableCell>
            <TableCell>Accelerator</TableCell>
            <TableCell align="right">Per instance</TableCell>
            <TableCell align="right">On-demand ({currency}/h)</TableCell>
            <TableCell align="right">Spot ({currency}/h)</TableCell>
            <TableCell>In cluster</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(t => {
            const units = acceleratorUnitsPerInstance(t);
            const selected = props.selected === t.instanceType;
            return (
              <TableRow
                key={t.instanceType}
                hover
                selected={selected}
                onClick={() => !locked && onChoose(t)}
              >
                <TableCell padding="checkbox">
                  <Radio
                    checked={selected}
                    disabled={locked}
                    onChange={() => onChoose(t)}
                    value={t.instanceType}
                    name={name}
                    inputProps={{ 'aria-label': t.instanceType }}
                  />
                </TableCell>
                <TableCell component="th" scope="row">
                  {t.instanceType}
                </TableCell>
                <TableCell>
                  {t.accelerator.displayName}
                  <Typography variant="caption" display="block">
                    {t.devices} × {t.accelerator.memoryGiBPerDevice} GiB
                  </Typography>
                </TableCell>
                <TableCell align="right">
                  {formatUnits(units, t.accelerator.resource)}
                </TableCell>
                <TableCell align="right">
                  {formatHourly(
                    priceOf(pricing, t.instanceType, 'on-demand'),
                    currency,
                  )}
                </TableCell>
                <TableCell align="right">
                  {formatHourly(
                    priceOf(pricing, t.instanceType, 'spot'),
                    currency,
                  )}
                </TableCell>
                <TableCell>
                  {cluster ? (
                    <ClusterCapacityCell cluster={cluster} type={t} />
                  ) : (
                    '—'
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Box>
  );
};
