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
import type { AcceleratorTypeDailyCost } from '@eks-aiml/plugin-aiml-common';
import { useTheme } from '@material-ui/core';
import { formatMoney } from '../../lib/format';
import type { DailyChartRow } from './dailyChartData';
import { acceleratorName } from './figures';

/**
 * Daily spend (stacked by accelerator type when `types` is given, else busy vs idle
 * spend) and efficiency over time, each described for screen readers.
 */
export const DailyCharts = (props: {
  data: DailyChartRow[];
  currency: string;
  types?: AcceleratorTypeDailyCost[];
}) => {
  const { data, currency, types } = props;
  const theme = useTheme();
  const palette = [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    theme.palette.info.main,
    theme.palette.success.main,
    theme.palette.warning.main,
    theme.palette.error.main,
  ];
  const money = (v: number) => formatMoney(v, currency);
  return (
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
            <Tooltip
              formatter={(v: number) => money(v)}
              labelFormatter={(date, payload) => {
                const prices = payload?.[0]?.payload?.prices;
                return prices ? `${date} · prices: ${prices}` : date;
              }}
            />
            <Legend />
            {types
              ? types.map((t, k) => (
                  <Bar
                    key={`${t.acceleratorType}`}
                    dataKey={`type${k}`}
                    name={`${acceleratorName(t.acceleratorType)} (${currency})`}
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
  );
};
