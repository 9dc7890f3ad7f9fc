import { FormEvent, useEffect, useMemo, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { aimlApiRef, AimlCluster, AimlGrant } from '../../api';
import { explainError, ExplainedError } from '../../lib/errors';
import { isoDuration } from '../../lib/format';
import { durationOptions } from './durationOptions';

/**
 * The state of the request-access form: the fields, what is wrong with the reason,
 * whether it may be sent, and `submit`, which asks the backend for the grant.
 */
export function useRequestAccessForm(props: {
  team: string;
  clusters: AimlCluster[];
  mayRequest: boolean;
  mayBreakGlass: boolean;
  onGranted(grant: AimlGrant): void;
}) {
  const { team, clusters, mayRequest, mayBreakGlass, onGranted } = props;
  const api = useApi(aimlApiRef);
  const [clusterName, setClusterName] = useState(
    () => clusters.find(c => !c.error)?.name ?? clusters[0]?.name ?? '',
  );
  const [level, setLevel] = useState<'view' | 'edit'>('view');
  const [minutes, setMinutes] = useState(60);
  const [reason, setReason] = useState('');
  const [breakGlass, setBreakGlass] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<ExplainedError>();
  const [granted, setGranted] = useState<AimlGrant>();
  const [touched, setTouched] = useState(false);

  const cluster = clusters.find(c => c.name === clusterName);
  const options = useMemo(
    () => durationOptions(cluster, breakGlass),
    [cluster, breakGlass],
  );
  useEffect(() => {
    if (options.length && !options.includes(minutes)) {
      setMinutes(options.filter(m => m <= minutes).pop() ?? options[0]);
    }
  }, [options, minutes]);

  const reasonText = reason.trim();
  let reasonError: string | undefined;
  if (reasonText.length < 3) {
    reasonError =
      'Say why you need access (at least 3 characters); it goes to the audit log.';
  } else if (reasonText.length > 500) {
    reasonError = 'At most 500 characters.';
  }
  // Beyond self-service (another team's namespaces, longer than the cluster lets a
  // member take alone) the request waits for the team's leads.
  const selfServiceSeconds =
    cluster?.access.selfServiceMaxTtlSeconds ?? cluster?.access.maxTtlSeconds;
  const needsApproval =
    !breakGlass &&
    (!mayRequest ||
      (selfServiceSeconds !== undefined && minutes * 60 > selfServiceSeconds));
  const allowed = breakGlass ? mayBreakGlass : true;
  const canSubmit =
    allowed && !!cluster && options.length > 0 && !reasonError && !submitting;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!canSubmit || !cluster) return;
    setSubmitting(true);
    setError(undefined);
    setGranted(undefined);
    try {
      const grant = await api.requestGrant({
        cluster: cluster.name,
        team,
        ...(breakGlass ? { breakGlass: true } : { level }),
        ...(needsApproval ? { requestApproval: true } : {}),
        ttl: isoDuration(minutes),
        reason: reasonText,
      });
      setGranted(grant);
      setReason('');
      setTouched(false);
      onGranted(grant);
    } catch (err) {
      setError(explainError(err));
    } finally {
      setSubmitting(false);
    }
  };

  return {
    clusterName,
    setClusterName,
    cluster,
    level,
    setLevel,
    minutes,
    setMinutes,
    options,
    reason,
    setReason,
    reasonError,
    touched,
    setTouched,
    breakGlass,
    setBreakGlass,
    submitting,
    canSubmit,
    needsApproval,
    submit,
    error,
    granted,
  };
}
