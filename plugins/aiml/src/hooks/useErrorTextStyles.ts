import { darken, lighten, makeStyles } from '@material-ui/core/styles';

/**
 * Error text of a form field in a colour that passes WCAG AA contrast: Backstage's
 * palettes leave `error.main` at Material UI's default (#f44336), 3.7:1 on white.
 */
export const useErrorTextStyles = makeStyles(theme => ({
  root: {
    '& .Mui-error': {
      color:
        theme.palette.type === 'dark'
          ? lighten(theme.palette.error.main, 0.5)
          : darken(theme.palette.error.main, 0.2),
    },
  },
}));
