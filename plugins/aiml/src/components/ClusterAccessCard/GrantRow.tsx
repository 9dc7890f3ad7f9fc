import { Fragment } from 'react';
import { Button, TableCell, TableRow, Typography } from '@material-ui/core';
import type { AimlCluster, AimlGrant } from '../../api';
import { useNow } from '../../hooks/useNow';
import type { ExplainedError } from '../../lib/errors';
import { AwsCliInstructions } from './AwsCliInstructions';
import { Countdown } from './Countdown';
import { userName } from './grants';
import { RevokeDialog } from './RevokeDialog';
import { useGrantActions } from './useGrantActions';

/** One live grant: who, where, level, time left, and kubeconfig and revoke buttons. */
export const GrantRow = (props: {
  grant: AimlGrant;
  cluster?: AimlCluster;
  me?: string;
  onChanged(): void;
  onError(error: ExplainedError): void;
}) => {
  const { grant, cluster } = props;
  const { mine, mayRevoke, confirming, setConfirming, busy, download, revoke } =
    useGrantActions(props);
  const now = useNow(1000);
  const expired = Date.parse(grant.expiresAt) <= now;
  const tokenGrant = grant.strategy === 'token';

  const who = mine ? 'you' : userName(grant.userRef);
  return (
    <Fragment>
      <TableRow>
        <TableCell>
          {mine ? <strong>You</strong> : userName(grant.userRef)}
          {grant.breakGlass && (
            <Typography variant="caption" color="error" display="block">
              break-glass
            </Typography>
          )}
          <Typography variant="caption" display="block">
            “{grant.reason}”
          </Typography>
        </TableCell>
        <TableCell>
          {grant.cluster}
          <Typography variant="caption" display="block">
            {grant.namespaces.join(', ')}
          </Typography>
        </TableCell>
        <TableCell>{grant.level}</TableCell>
        <TableCell>
          {grant.state === 'active' ? (
            <Countdown expiresAt={grant.expiresAt} now={now} />
          ) : (
            grant.state
          )}
        </TableCell>
        <TableCell align="right">
          {mine && tokenGrant && grant.state === 'active' && !expired && (
            <Button
              size="small"
              variant="outlined"
              onClick={download}
              disabled={!!busy}
              aria-label={`Download kubeconfig for ${grant.cluster}`}
            >
              {busy === 'download' ? 'Downloading…' : 'Kubeconfig'}
            </Button>
          )}{' '}
          {mayRevoke && grant.state !== 'revoking' && (
            <Button
              size="small"
              color="secondary"
              onClick={() => setConfirming(true)}
              disabled={!!busy}
              aria-label={`Revoke access of ${who} to ${grant.cluster}`}
            >
              {busy === 'revoke' ? 'Revoking…' : 'Revoke'}
            </Button>
          )}
        </TableCell>
      </TableRow>
      {mine && !tokenGrant && grant.state === 'active' && (
        <TableRow>
          <TableCell colSpan={5}>
            <Typography variant="body2">
              {grant.cluster} uses EKS access entries: get credentials with your
              own AWS identity:
            </Typography>
            <AwsCliInstructions
              cluster={grant.cluster}
              region={cluster?.region ?? '<region>'}
            />
          </TableCell>
        </TableRow>
      )}
      <RevokeDialog
        grant={grant}
        mine={mine}
        open={confirming}
        onCancel={() => setConfirming(false)}
        onRevoke={revoke}
      />
    </Fragment>
  );
};
