import { useEffect, useState } from 'react';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { ActionError } from './ActionError';
import type { AimlCluster, AimlGrant } from '../../api';
import type { ExplainedError } from '../../lib/errors';
import { EndedGrants } from './EndedGrants';
import { GrantRow } from './GrantRow';
import { hasEnded, isLive } from './grants';

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
    .filter(hasEnded)
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    .slice(0, 5);
  return (
    <>
      <ActionError error={error} onClose={() => setError(undefined)} />
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
      {ended.length > 0 && <EndedGrants grants={ended} me={me} />}
    </>
  );
};
