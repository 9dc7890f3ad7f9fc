import { Box, Typography } from '@material-ui/core';
import { describeWindow } from '../../lib/period';
import {
  formatChange,
  formatHours,
  formatMoney,
  formatPercent,
} from '../../lib/format';
import {
  figureChanges,
  singleResource,
  subjectFigures,
  UsageSubject,
} from './figures';
import { UsageError, UsageSkeleton } from './UsageStates';
import { UsageState } from '../../hooks/useUsage';

/** The compact figures of an overview card: spend, change, idle spend, efficiency. */
export const UsageCardBody = (props: {
  state: UsageState;
  subject: UsageSubject;
  emptyDescription: string;
}) => {
  const { state, subject } = props;
  if (state.error) return <UsageError error={state.error} />;
  if (!state.usage) return <UsageSkeleton compact />;
  const { report } = state.usage;
  const figures = subjectFigures(report, subject);
  const changes = figureChanges(state.usage, state.previous, subject);
  const resource = singleResource(report);
  if (figures.allocatedHours === 0 && figures.spend === 0) {
    return (
      <Typography variant="body2">
        No accelerator usage in {describeWindow(report.window)}.{' '}
        {props.emptyDescription}
      </Typography>
    );
  }
  const rows: Array<[string, string]> = [
    [
      `Spend (${report.currency})`,
      `${formatMoney(figures.spend, report.currency)}${
        changes.spend?.relative !== undefined &&
        changes.spend?.relative !== null
          ? ` (${formatChange(changes.spend.relative)} vs previous period)`
          : ''
      }`,
    ],
    [
      `Idle spend (${report.currency})`,
      formatMoney(figures.idleSpend, report.currency),
    ],
    ['Efficiency (busy ÷ allocated)', formatPercent(figures.efficiency)],
    [
      'Allocated / busy',
      `${formatHours(figures.allocatedHours, resource)} / ${formatHours(
        figures.busyHours,
        resource,
      )}`,
    ],
  ];
  return (
    <Box>
      <Typography variant="caption" color="textSecondary">
        {describeWindow(report.window)}
      </Typography>
      <Box component="dl" m={0}>
        {rows.map(([label, value]) => (
          <Box
            key={label}
            display="flex"
            justifyContent="space-between"
            py={0.5}
          >
            <Typography component="dt" variant="body2" color="textSecondary">
              {label}
            </Typography>
            <Typography component="dd" variant="body2" style={{ margin: 0 }}>
              <strong>{value}</strong>
            </Typography>
          </Box>
        ))}
      </Box>
    </Box>
  );
};
