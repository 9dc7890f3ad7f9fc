import { makeStyles } from '@material-ui/core';
import { darken, lighten, Theme } from '@material-ui/core/styles';

const readable = (theme: Theme, color: string) =>
  theme.palette.type === 'dark' ? lighten(color, 0.35) : darken(color, 0.35);

/** The styles of the summary tiles. */
export const useTileStyles = makeStyles(theme => ({
  tile: { padding: theme.spacing(1.5, 2), height: '100%' },
  value: { fontWeight: theme.typography.fontWeightBold as number },
  // Darker (lighter on dark themes) than the palette's main colours, which miss the
  // WCAG contrast ratio for small text.
  up: { color: readable(theme, theme.palette.error.main) },
  down: { color: readable(theme, theme.palette.success.main) },
}));
