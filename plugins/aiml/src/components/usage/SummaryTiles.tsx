import { CostFigures } from '@eks-aiml/plugin-aiml-common';
import { Grid, Typography } from '@material-ui/core';
import type { AimlBudget } from '../../api';
import { formatHours, formatMoney, formatPercent } from '../../lib/format';
import { BudgetLine } from './BudgetLine';
import { ChangeText } from './ChangeText';
import { FigureChanges } from './figures';
import { Tile } from './Tile';

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
