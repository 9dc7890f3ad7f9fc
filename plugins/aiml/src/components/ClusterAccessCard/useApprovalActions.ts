import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { aimlAccessApprovePermission } from '@eks-aiml/plugin-aiml-common';
import { aimlApiRef, AimlGrant } from '../../api';
import { usePermitted } from '../../hooks/usePermitted';
import { teamResourceRef } from '../../lib/entity';
import { explainError, ExplainedError } from '../../lib/errors';

/**
 * Whether the signed-in user may answer a requested grant (the team's leads and
 * platform admins, never its requester), and answering it with a reason.
 */
export function useApprovalActions(props: {
  grant: AimlGrant;
  me?: string;
  onChanged(): void;
  onError(error: ExplainedError): void;
}) {
  const { grant, me, onChanged, onError } = props;
  const api = useApi(aimlApiRef);
  const mine = grant.userRef === me;
  const approvePermission = usePermitted(
    aimlAccessApprovePermission,
    teamResourceRef(grant.team),
  );
  const [answering, setAnswering] = useState<'approve' | 'deny'>();
  const [busy, setBusy] = useState<'approve' | 'deny'>();

  const answer = async (reason: string) => {
    const chosen = answering;
    if (!chosen) return;
    setAnswering(undefined);
    setBusy(chosen);
    try {
      await api.answerGrant(grant.id, chosen, reason);
      onChanged();
    } catch (e) {
      onError(explainError(e));
    } finally {
      setBusy(undefined);
    }
  };

  return {
    mine,
    mayAnswer: !mine && approvePermission.allowed,
    answering,
    setAnswering,
    busy,
    answer,
  };
}
