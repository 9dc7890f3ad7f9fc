import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { aimlAccessRevokePermission } from '@eks-aiml/plugin-aiml-common';
import { aimlApiRef, AimlGrant } from '../../api';
import { usePermitted } from '../../hooks/usePermitted';
import { downloadText } from '../../lib/download';
import { teamResourceRef } from '../../lib/entity';
import { explainError, ExplainedError } from '../../lib/errors';

/**
 * What the signed-in user may do with one grant, and doing it: download its kubeconfig,
 * revoke it (after confirming). `busy` says which is under way.
 */
export function useGrantActions(props: {
  grant: AimlGrant;
  me?: string;
  onChanged(): void;
  onError(error: ExplainedError): void;
}) {
  const { grant, me, onChanged, onError } = props;
  const api = useApi(aimlApiRef);
  const mine = grant.userRef === me;
  const revokePermission = usePermitted(
    aimlAccessRevokePermission,
    teamResourceRef(grant.team),
  );
  const mayRevoke = mine || revokePermission.allowed;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<'download' | 'revoke'>();

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

  return { mine, mayRevoke, confirming, setConfirming, busy, download, revoke };
}
