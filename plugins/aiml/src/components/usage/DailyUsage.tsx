import { useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  AcceleratorTypeDailyCost,
  CostDaySpan,
  CostFigures,
} from '@eks-aiml/plugin-aiml-common';
import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  useTheme,
} from '@material-ui/core';
import { ToggleButton, ToggleButtonGroup } from '@material-ui/lab';
import { formatHours, formatMoney, formatPercent } from '../../lib/format';
import { acceleratorName } from './figures';

type Day = CostDaySpan & CostFigures;

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Daily spend (stacked by accelerator type when the backend gives the series, else busy
 * vs idle spend) and utilization over time, with a table of the same values.
 */
export const DailyUsage = (props: {
  days: Day[];
  currency: string;
  resource?: string;
  byAcceleratorType?: AcceleratorTypeDailyCost[];
}) => {
  const { days, currency, resource, byAcceleratorType } = props;
  const theme = useTheme();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const palette = [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    theme.palette.info.main,
    theme.palette.success.main,
    theme.palette.warning.main,
    theme.palette.error.main,
  ];
  const types = byAcceleratorType?.length ? byAcceleratorType : undefined;
  const data = days.map((d, i) => {
    const row: Record<string, number | string | null> = {
      date: d.date,
      busySpend: round2(d.spend - d.idleSpend),
      idleSpend: round2(d.idleSpend),
      efficiency: d.efficiency === null ? null : round2(d.efficiency * 100),
    };
    types?.forEach((t, k) => {
      row[`type${k}`] = round2(t.days[i]?.spend ?? 0);
    });
    return row;
  });
  const money = (v: number) => formatMoney(v, currency);

  return (
    <Box component="section" aria-label="Daily usage">
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography variant="h6" component="h3">
          Daily spend and utilization
        </Typography>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={view}
          onChange={(_e, v) => v && setView(v)}
          aria-label="Show daily usage as"
        >
          <ToggleButton value="chart">Chart</ToggleButton>
          <ToggleButton value="table">Table</ToggleButton>
        </ToggleButtonGroup>
      </Box>
      {days.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No days in this period.
        </Typography>
      )}
      {days.length > 0 && view === 'chart' && (
        <>
          <div
            role="img"
            aria-label={`Daily spend in ${currency}, ${
              types ? 'stacked by accelerator type' : 'busy and idle'
            }; the table view lists the values`}
          >
            <ResponsiveContainer width="100%" height={240}>
              <BarChart data={data}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="date" />
                <YAxis
                  tickFormatter={money}
                  width={90}
                  label={{
                    value: currency,
                    angle: -90,
                    position: 'insideLeft',
                  }}
                />
                <Tooltip formatter={(v: number) => money(v)} />
                <Legend />
                {types
                  ? types.map((t, k) => (
                      <Bar
                        key={`${t.acceleratorType}`}
                        dataKey={`type${k}`}
                        name={`${acceleratorName(
                          t.acceleratorType,
                        )} (${currency})`}
                        stackId="spend"
                        fill={palette[k % palette.length]}
                        isAnimationActive={false}
                      />
                    ))
                  : [
                      <Bar
                        key="busy"
                        dataKey="busySpend"
                        name={`Busy spend (${currency})`}
                        stackId="spend"
                        fill={theme.palette.primary.main}
                        isAnimationActive={false}
                      />,
                      <Bar
                        key="idle"
                        dataKey="idleSpend"
                        name={`Idle spend (${currency})`}
                        stackId="spend"
                        fill={theme.palette.warning.main}
                        isAnimationActive={false}
                      />,
                    ]}
              </BarChart>
            </ResponsiveContainer>
          </div>
          <div
            role="img"
            aria-label="Daily efficiency (busy ÷ allocated accelerator-hours) in percent; the table view lists the values"
          >
            <ResponsiveContainer width="100%" height={160}>
              <LineChart data={data}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="date" />
                <YAxis domain={[0, 100]} unit="%" width={90} />
                <Tooltip formatter={(v: number) => `${v}%`} />
                <Line
                  type="monotone"
                  dataKey="efficiency"
                  name="Efficiency (%)"
                  stroke={theme.palette.success.main}
                  dot={false}
                  connectNulls
                  isAnimationActive={false}
                />
              </LineChart>
            </ResponsiveContainer>
          </div>
        </>
      )}
      {days.length > 0 && view === 'table' && (
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
                  <TableCell align="right">
                    {formatPercent(d.efficiency)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  );
};
