import { Alert, AlertTitle } from '@material-ui/lab';
import type { AimlGrant } from '../../api';
import type { ExplainedError } from '../../lib/errors';

/** What came of the last request: the backend's refusal as it words it, or the grant. */
export const RequestOutcome = (props: {
  error?: ExplainedError;
  granted?: AimlGrant;
}) => {
  const { error, granted } = props;
  return (
    <>
      {error && (
        <Alert severity="error">
          <AlertTitle>{error.title}</AlertTitle>
          {error.message}
        </Alert>
      )}
      {granted?.state === 'requested' && (
        <Alert severity="info">
          <AlertTitle>Waiting for approval</AlertTitle>
          {granted.level} on {granted.cluster} for team {granted.team} waits for
          approval by {granted.team}’s leads; access starts when one of them
          approves.
        </Alert>
      )}
      {granted && granted.state !== 'requested' && (
        <Alert severity="success">
          <AlertTitle>Access granted</AlertTitle>
          {granted.level} on {granted.cluster} in{' '}
          {granted.namespaces.join(', ')} until{' '}
          {new Date(granted.expiresAt).toLocaleString()}.
        </Alert>
      )}
    </>
  );
};
