import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import { formatHours, formatMoney, formatPercent } from '../../lib/format';
import type { Day } from './dailyChartData';
import { priceSourcesLabel } from './priceSources';

/** The daily figures as a table: the charts' values, readable without them. */
export const DailyTable = (props: {
  days: Day[];
  currency: string;
  resource?: string;
}) => {
  const { days, currency, resource } = props;
  const money = (v: number) => formatMoney(v, currency);
  return (
    <Box overflow="auto" maxHeight={420}>
      <Table size="small" aria-label="Daily usage" stickyHeader>
        <TableHead>
          <TableRow>
            <TableCell>Date (UTC)</TableCell>
            <TableCell align="right">Spend ({currency})</TableCell>
            <TableCell align="right">Idle spend ({currency})</TableCell>
            <TableCell align="right">Allocated</TableCell>
            <TableCell align="right">Busy</TableCell>
            <TableCell align="right">Efficiency</TableCell>
            <TableCell>Prices</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {days.map(d => (
            <TableRow key={d.date}>
              <TableCell component="th" scope="row">
                {d.date}
              </TableCell>
              <TableCell align="right">{money(d.spend)}</TableCell>
              <TableCell align="right">{money(d.idleSpend)}</TableCell>
              <TableCell align="right">
                {formatHours(d.allocatedHours, resource)}
              </TableCell>
              <TableCell align="right">
                {formatHours(d.busyHours, resource)}
              </TableCell>
              <TableCell align="right">{formatPercent(d.efficiency)}</TableCell>
              <TableCell>{priceSourcesLabel(d.priceSources)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};
