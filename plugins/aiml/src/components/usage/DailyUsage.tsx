import { useState } from 'react';
import type { AcceleratorTypeDailyCost } from '@eks-aiml/plugin-aiml-common';
import { Box, Typography } from '@material-ui/core';
import { ToggleButton, ToggleButtonGroup } from '@material-ui/lab';
import { DailyCharts } from './DailyCharts';
import { dailyChartData, Day } from './dailyChartData';
import { DailyTable } from './DailyTable';

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
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const types = byAcceleratorType?.length ? byAcceleratorType : undefined;

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
        <DailyCharts
          data={dailyChartData(days, types)}
          currency={currency}
          types={types}
        />
      )}
      {days.length > 0 && view === 'table' && (
        <DailyTable days={days} currency={currency} resource={resource} />
      )}
    </Box>
  );
};
