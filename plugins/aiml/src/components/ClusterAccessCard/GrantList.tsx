import { Fragment, useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { aimlAccessRevokePermission } from '@eks-aiml/plugin-aiml-common';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import { aimlApiRef, AimlCluster, AimlGrant } from '../../api';
import { downloadText } from '../../lib/download';
import { teamResourceRef } from '../../lib/entity';
import { usePermitted } from '../../hooks/usePermitted';
import { explainError, ExplainedError } from '../../lib/errors';
import { formatCountdown } from '../../lib/format';
import { useNow } from '../../hooks/useNow';
import { AwsCliInstructions } from './AwsCliInstructions';

const LIVE_STATES = ['pending', 'active', 'revoking'];

/** Whether a grant still gives (or is about to give) access. */
export function isLive(grant: AimlGrant): boolean {
  return LIVE_STATES.includes(grant.state);
}

const Countdown = ({ expiresAt, now }: { expiresAt: string; now: number }) => {
  const left = Date.parse(expiresAt) - now;
  return (
    <span
      role="timer"
      title={`Ends ${new Date(expiresAt).toLocaleString()}`}
      aria-label={
        left > 0
          ? `${formatCountdown(left)} left`
          : `expired at ${new Date(expiresAt).toLocaleString()}`
      }
    >
      {left > 0 ? formatCountdown(left) : 'expired'}
    </span>
  );
};

const userName = (ref: string) => ref.replace(/^user:(default\/)?/, '');

/** Why a grant ended, for people. */
export function endedText(g: AimlGrant): string {
  if (g.state === 'failed' || g.endReason === 'failed') {
    return `failed — ${g.failure ?? 'no reason given'}`;
  }
  switch (g.endReason) {
    case 'expired':
      return 'expired';
    case 'membership':
      return 'revoked: no longer a member of the team';
    case 'revoked':
      return g.revokedBy ? `revoked by ${userName(g.revokedBy)}` : 'revoked';
    default:
      return g.state;
  }
}

interface RowProps {
  grant: AimlGrant;
  cluster?: AimlCluster;
  me?: string;
  onChanged(): void;
  onError(error: ExplainedError): void;
}

const GrantRow = ({ grant, cluster, me, onChanged, onError }: RowProps) => {
  const api = useApi(aimlApiRef);
  const mine = grant.userRef === me;
  const revokePermission = usePermitted(
    aimlAccessRevokePermission,
    teamResourceRef(grant.team),
  );
  const mayRevoke = mine || revokePermission.allowed;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<'download' | 'revoke'>();
  const now = useNow(1000);
  const expired = Date.parse(grant.expiresAt) <= now;
  const tokenGrant = grant.strategy === 'token';

  const download = async () => {
    setBusy('download');
    try {
      const yaml = await api.getKubeconfig(grant.id);
      downloadText(
        `kubeconfig-${grant.cluster}-${grant.id}.yaml`,
        yaml,
        'application/yaml',
      );
    } catch (e) {
      onError(explainError(e));
    } finally {
      setBusy(undefined);
    }
  };

  const revoke = async () => {
    setConfirming(false);
    setBusy('revoke');
    try {
      await api.revokeGrant(grant.id);
      onChanged();
    } catch (e) {
      onError(explainError(e));
    } finally {
      setBusy(undefined);
    }
  };

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
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        aria-labelledby={`revoke-${grant.id}-title`}
      >
        <DialogTitle id={`revoke-${grant.id}-title`}>
          Revoke access?
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            {mine ? 'Your' : `${userName(grant.userRef)}'s`} {grant.level}{' '}
            access to {grant.namespaces.join(', ')} on {grant.cluster} ends now;
            kubeconfigs issued for it stop working at once.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)}>Cancel</Button>
          <Button color="secondary" variant="contained" onClick={revoke}>
            Revoke
          </Button>
        </DialogActions>
      </Dialog>
    </Fragment>
  );
};

/** The grants that give access now, with countdowns, kubeconfig download and revoke. */
export const GrantList = (props: {
  grants: AimlGrant[];
  clusters: AimlCluster[];
  me?: string;
  onChanged(): void;
}) => {
  const { grants, clusters, me, onChanged } = props;
  const [error, setError] = useState<ExplainedError>();
  // When a grant's time is up, ask again once the backend's expiry job (every 30 s) ran.
  const nextExpiry = Math.min(
    ...grants
      .filter(g => g.state === 'active')
      .map(g => Date.parse(g.expiresAt))
      .filter(t => t > Date.now()),
  );
  useEffect(() => {
    if (!Number.isFinite(nextExpiry)) return undefined;
    const timer = setTimeout(onChanged, nextExpiry - Date.now() + 31_000);
    return () => clearTimeout(timer);
  }, [nextExpiry, onChanged]);
  const live = grants
    .filter(isLive)
    .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
  const ended = grants
    .filter(g => !isLive(g))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    .slice(0, 5);
  return (
    <>
      <div aria-live="polite">
        {error && (
          <Alert severity="error" onClose={() => setError(undefined)}>
            <AlertTitle>{error.title}</AlertTitle>
            {error.message}
          </Alert>
        )}
      </div>
      {live.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No active grants.
        </Typography>
      ) : (
        <Table size="small" aria-label="Active grants">
          <TableHead>
            <TableRow>
              <TableCell>Who</TableCell>
              <TableCell>Cluster and namespaces</TableCell>
              <TableCell>Level</TableCell>
              <TableCell>Time left</TableCell>
              <TableCell align="right">Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {live.map(g => (
              <GrantRow
                key={g.id}
                grant={g}
                cluster={clusters.find(c => c.name === g.cluster)}
                me={me}
                onChanged={() => {
                  setError(undefined);
                  onChanged();
                }}
                onError={setError}
              />
            ))}
          </TableBody>
        </Table>
      )}
      {ended.length > 0 && (
        <>
          <Typography
            variant="subtitle2"
            component="h3"
            style={{ marginTop: 16 }}
          >
            Recently ended
          </Typography>
          <ul aria-label="Recently ended grants">
            {ended.map(g => (
              <li key={g.id}>
                <Typography variant="body2">
                  {g.userRef === me ? 'Your' : `${userName(g.userRef)}'s`}{' '}
                  {g.breakGlass && 'break-glass '}
                  {g.level} access to {g.cluster} (“{g.reason}”): {endedText(g)}
                </Typography>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
};
