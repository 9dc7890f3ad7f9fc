import { Box, Paper, Typography } from '@material-ui/core';
import { useTileStyles } from './tileStyles';

/** One headline figure: its label, value and detail. */
export const Tile = (props: {
  label: string;
  value: string;
  detail?: React.ReactNode;
}) => {
  const classes = useTileStyles();
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
