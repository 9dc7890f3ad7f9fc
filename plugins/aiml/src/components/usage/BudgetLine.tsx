import { Paper, Typography } from '@material-ui/core';
import type { AimlBudget } from '../../api';
import { formatMoney, formatPercent } from '../../lib/format';
import { useTileStyles } from './tileStyles';

/** The budget, spend to date and the month-end forecast against it. */
export const BudgetLine = (props: {
  budget: AimlBudget;
  spend: number;
  currency: string;
  periodDays: number;
}) => {
  const classes = useTileStyles();
  const { budget, spend, currency, periodDays } = props;
  const forecast =
    budget.forecast ??
    (periodDays > 0 ? (spend / periodDays) * 30.4375 : undefined);
  const share = forecast !== undefined ? forecast / budget.monthly : undefined;
  const over = budget.willExceed ?? (share !== undefined && share > 1);
  return (
    <Paper
      variant="outlined"
      style={{ padding: 12 }}
      component="section"
      aria-label="Budget"
    >
      <Typography variant="body2">
        <strong>Budget</strong> {formatMoney(budget.monthly, currency)} per
        month
        {budget.spendToDate !== undefined &&
          ` · ${formatMoney(budget.spendToDate, currency)} spent in ${
            budget.month ?? 'this month'
          } so far`}{' '}
        · <strong>forecast</strong>{' '}
        {forecast !== undefined ? formatMoney(forecast, currency) : '—'} by
        month end
        {share !== undefined && ` (${formatPercent(share)} of budget)`}
        {budget.forecast === undefined &&
          ' — forecast from the average daily spend of the period'}
        {budget.complete === false &&
          ' — a metrics source did not answer in full: spend may be short'}
        {over && <span className={classes.up}> · over budget</span>}
      </Typography>
    </Paper>
  );
};
