import { Alert, AlertTitle } from '@material-ui/lab';
import type { ExplainedError } from '../../lib/errors';

/** The backend's refusal of the last action on a list, as it words it; dismissible. */
export const ActionError = (props: {
  error?: ExplainedError;
  onClose(): void;
}) => (
  <div aria-live="polite">
    {props.error && (
      <Alert severity="error" onClose={props.onClose}>
        <AlertTitle>{props.error.title}</AlertTitle>
        {props.error.message}
      </Alert>
    )}
  </div>
);
