import type { CostChange } from '@eks-aiml/plugin-aiml-common';
import { Typography } from '@material-ui/core';
import { formatChange } from '../../lib/format';
import { useTileStyles } from './tileStyles';

/** Whether a rise of the figure is bad (money, idle) or good (efficiency). */
export type Direction = 'lower-is-better' | 'higher-is-better' | 'neutral';

/** A figure's change against the previous period, coloured by whether it is good. */
export const ChangeText = (props: {
  change?: CostChange;
  direction: Direction;
  points?: boolean;
}) => {
  const classes = useTileStyles();
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
