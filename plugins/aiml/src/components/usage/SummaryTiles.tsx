import { CostChange, CostFigures } from '@eks-aiml/plugin-aiml-common';
import { Box, Grid, makeStyles, Paper, Typography } from '@material-ui/core';
import { darken, lighten, Theme } from '@material-ui/core/styles';
import type { AimlBudget } from '../../api';
import {
  formatChange,
  formatHours,
  formatMoney,
  formatPercent,
} from '../../lib/format';
import { FigureChanges } from './figures';

const readable = (theme: Theme, color: string) =>
  theme.palette.type === 'dark' ? lighten(color, 0.35) : darken(color, 0.35);

const useStyles = makeStyles(theme => ({
  tile: { padding: theme.spacing(1.5, 2), height: '100%' },
  value: { fontWeight: theme.typography.fontWeightBold as number },
  // Darker (lighter on dark themes) than the palette's main colours, which miss the
  // WCAG contrast ratio for small text.
  up: { color: readable(theme, theme.palette.error.main) },
  down: { color: readable(theme, theme.palette.success.main) },
}));

/** Whether a rise of the figure is bad (money, idle) or good (efficiency). */
type Direction = 'lower-is-better' | 'higher-is-better' | 'neutral';

const ChangeText = (props: {
  change?: CostChange;
  direction: Direction;
  points?: boolean;
}) => {
  const classes = useStyles();
  const { change, direction, points } = props;
  if (!change || (change.relative === null && change.absolute === null)) {
    return (
      <Typography variant="caption" color="textSecondary">
        no previous period to compare
      </Typography>
    );
  }
  let text = formatChange(change.relative);
  if (points) {
    text =
      change.absolute === null
        ? '—'
        : `${change.absolute >= 0 ? '+' : '−'}${Math.abs(
            change.absolute * 100,
          ).toFixed(1)} pts`;
  }
  const sign = Math.sign(change.absolute ?? 0);
  let className: string | undefined;
  if (direction !== 'neutral' && sign !== 0) {
    const bad = direction === 'lower-is-better' ? sign > 0 : sign < 0;
    className = bad ? classes.up : classes.down;
  }
  return (
    <Typography variant="caption" className={className}>
      {text} vs previous period
    </Typography>
  );
};

const Tile = (props: {
  label: string;
  value: string;
  detail?: React.ReactNode;
}) => {
  const classes = useStyles();
  return (
    <Paper variant="outlined" className={classes.tile}>
      <Typography variant="overline" component="h3" color="textSecondary">
        {props.label}
      </Typography>
      <Typography variant="h5" component="p" className={classes.value}>
        {props.value}
      </Typography>
      {props.detail && <Box>{props.detail}</Box>}
    </Paper>
  );
};

const BudgetLine = (props: {
  budget: AimlBudget;
  spend: number;
  currency: string;
  periodDays: number;
}) => {
  const classes = useStyles();
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

/** The headline figures of a usage view, each with its unit or currency and its change. */
export const SummaryTiles = (props: {
  figures: CostFigures;
  currency: string;
  changes: FigureChanges;
  resource?: string;
  budget?: AimlBudget;
  periodDays: number;
}) => {
  const { figures, currency, changes, resource, budget, periodDays } = props;
  const idleShare =
    figures.spend > 0 ? figures.idleSpend / figures.spend : null;
  return (
    <Grid container spacing={2} component="section" aria-label="Summary">
      <Grid item xs={12} sm={6} md={3}>
        <Tile
          label={`Spend (${currency})`}
          value={formatMoney(figures.spend, currency)}
          detail={
            <ChangeText change={changes.spend} direction="lower-is-better" />
          }
        />
      </Grid>
      <Grid item xs={12} sm={6} md={3}>
        <Tile
          label={`Idle spend (${currency})`}
          value={formatMoney(figures.idleSpend, currency)}
          detail={
            <>
              <Typography variant="caption" display="block">
                {formatPercent(idleShare)} of spend paid for idle accelerators
              </Typography>
              <ChangeText
                change={changes.idleSpend}
                direction="lower-is-better"
              />
            </>
          }
        />
      </Grid>
      <Grid item xs={12} sm={6} md={3}>
        <Tile
          label="Efficiency (busy ÷ allocated)"
          value={formatPercent(figures.efficiency)}
          detail={
            <ChangeText
              change={changes.efficiency}
              direction="higher-is-better"
              points
            />
          }
        />
      </Grid>
      <Grid item xs={12} sm={6} md={3}>
        <Tile
          label="Allocated vs busy"
          value={formatHours(figures.allocatedHours, resource)}
          detail={
            <>
              <Typography variant="caption" display="block">
                {formatHours(figures.busyHours, resource)} busy
                {figures.unpricedAllocatedHours > 0 &&
                  ` · ${formatHours(
                    figures.unpricedAllocatedHours,
                    resource,
                  )} unpriced`}
              </Typography>
              <ChangeText change={changes.allocatedHours} direction="neutral" />
            </>
          }
        />
      </Grid>
      {budget && (
        <Grid item xs={12}>
          <BudgetLine
            budget={budget}
            spend={figures.spend}
            currency={currency}
            periodDays={periodDays}
          />
        </Grid>
      )}
    </Grid>
  );
};
