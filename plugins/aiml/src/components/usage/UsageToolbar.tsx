import { Box, LinearProgress, Paper, Typography } from '@material-ui/core';
import type { AimlUsageTarget } from '../../api';
import { describeWindow } from '../../lib/period';
import { CsvDownloadButton } from './CsvDownloadButton';
import { PeriodPicker } from './PeriodPicker';
import { UsageState } from '../../hooks/useUsage';

/**
 * The period picker, the window shown and the CSV download above a usage view. On a
 * paper surface: secondary text on the page background misses the WCAG contrast ratio.
 */
export const UsageToolbar = (props: {
  state: UsageState;
  target: AimlUsageTarget;
}) => {
  const { state, target } = props;
  const report = state.usage?.report;
  return (
    <Paper variant="outlined">
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        justifyContent="space-between"
        p={1.5}
        gridGap={16}
      >
        <PeriodPicker value={state.choice} onChange={state.setChoice} />
        <Box display="flex" alignItems="center" gridGap={16}>
          {report && (
            <Typography variant="body2" color="textSecondary">
              {describeWindow(report.window)}
            </Typography>
          )}
          <CsvDownloadButton target={target} period={state.query} />
        </Box>
      </Box>
      {state.loading && report && (
        <LinearProgress aria-label="Updating usage" />
      )}
    </Paper>
  );
};
