import { useReducer } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { aimlApiRef } from '../../api';
import { PendingApprovals } from './PendingApprovals';

/**
 * The portal page's requests waiting for approval, of every team the user may see:
 * the leads and platform admins answer them here; requesters see theirs waiting.
 * Nothing is shown while no request waits.
 */
export const AccessApprovalsCard = () => {
  const api = useApi(aimlApiRef);
  const identityApi = useApi(identityApiRef);
  const [version, reload] = useReducer((n: number) => n + 1, 0);
  const identity = useAsync(() => identityApi.getBackstageIdentity(), []);
  const requests = useAsync(
    () => api.listGrants({ states: ['requested'] }),
    [api, version],
  );
  if (requests.error) {
    return (
      <ResponseErrorPanel
        title="Could not load the requests waiting for approval"
        error={requests.error}
      />
    );
  }
  if (!requests.value?.length) return null;
  return (
    <InfoCard
      title="Access requests"
      subheader="Access beyond self-service waits for the team's leads."
    >
      <PendingApprovals
        grants={requests.value}
        me={identity.value?.userEntityRef}
        showTeam
        onChanged={reload}
      />
    </InfoCard>
  );
};
