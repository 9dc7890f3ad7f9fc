import { useState } from 'react';
import {
  Button,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { ActionError } from './ActionError';
import type { AimlGrant } from '../../api';
import { humanDuration } from '../../lib/format';
import type { ExplainedError } from '../../lib/errors';
import { AnswerDialog } from './AnswerDialog';
import { userName } from './grants';
import { useApprovalActions } from './useApprovalActions';

/** Why a request waits, in words. */
const kindText = (g: AimlGrant) =>
  g.approval?.kind === 'long-ttl'
    ? 'longer than self-service allows'
    : 'not a member of the team';

/** One request: who asks what, for how long and why; Approve / Deny for approvers. */
const PendingRow = (props: {
  grant: AimlGrant;
  me?: string;
  showTeam: boolean;
  onChanged(): void;
  onError(error: ExplainedError): void;
}) => {
  const { grant, showTeam } = props;
  const { mine, mayAnswer, answering, setAnswering, busy, answer } =
    useApprovalActions(props);
  const who = mine ? 'You' : userName(grant.userRef);
  const minutes = (grant.approval?.ttlSeconds ?? 0) / 60;
  return (
    <TableRow>
      <TableCell>
        {mine ? <strong>You</strong> : who}
        <Typography variant="caption" display="block">
          “{grant.reason}”
        </Typography>
      </TableCell>
      <TableCell>
        {grant.level} on {grant.cluster}
        {showTeam && ` (team ${grant.team})`}
        <Typography variant="caption" display="block">
          {humanDuration(minutes)} from approval; {kindText(grant)}
        </Typography>
      </TableCell>
      <TableCell align="right">
        {mine && (
          <Typography variant="body2">
            Waiting for approval by {grant.team}’s leads
          </Typography>
        )}
        {!mine && mayAnswer && (
          <>
            <Button
              size="small"
              color="primary"
              variant="outlined"
              disabled={!!busy}
              onClick={() => setAnswering('approve')}
              aria-label={`Approve the request of ${who} for ${grant.cluster}`}
            >
              {busy === 'approve' ? 'Approving…' : 'Approve'}
            </Button>{' '}
            <Button
              size="small"
              color="secondary"
              disabled={!!busy}
              onClick={() => setAnswering('deny')}
              aria-label={`Deny the request of ${who} for ${grant.cluster}`}
            >
              {busy === 'deny' ? 'Denying…' : 'Deny'}
            </Button>
          </>
        )}
        {!mine && !mayAnswer && (
          <Typography variant="body2" color="textSecondary">
            Waiting for {grant.team}’s leads
          </Typography>
        )}
        <AnswerDialog
          grant={grant}
          answer={answering}
          onCancel={() => setAnswering(undefined)}
          onAnswer={answer}
        />
      </TableCell>
    </TableRow>
  );
};

/**
 * Requests waiting for a team's leads: the requester sees theirs waiting; those who
 * may approve (the team's leads, platform admins) approve or deny them with a reason.
 */
export const PendingApprovals = (props: {
  grants: AimlGrant[];
  me?: string;
  /** Name each request's team (the portal page lists several teams). */
  showTeam?: boolean;
  onChanged(): void;
}) => {
  const { grants, me, showTeam = false, onChanged } = props;
  const [error, setError] = useState<ExplainedError>();
  if (grants.length === 0 && !error) return null;
  return (
    <>
      <Typography variant="subtitle2" component="h3" gutterBottom>
        Waiting for approval
      </Typography>
      <ActionError error={error} onClose={() => setError(undefined)} />
      <Table size="small" aria-label="Requests waiting for approval">
        <TableHead>
          <TableRow>
            <TableCell>Who</TableCell>
            <TableCell>Access asked for</TableCell>
            <TableCell align="right">Answer</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {grants.map(g => (
            <PendingRow
              key={g.id}
              grant={g}
              me={me}
              showTeam={showTeam}
              onChanged={() => {
                setError(undefined);
                onChanged();
              }}
              onError={setError}
            />
          ))}
        </TableBody>
      </Table>
    </>
  );
};
