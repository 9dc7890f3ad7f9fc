import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { AimlWorkloadsStarted } from '@eks-aiml/plugin-aiml-common';
import { aimlApiRef } from '../../api';

/**
 * The current Component's held workloads and starting them: what the backend
 * says they wait for, a start that reloads them, and the outcome of the last start.
 */
export function useWorkloadStart() {
  const { entity } = useEntity();
  const api = useApi(aimlApiRef);
  const project = {
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  };
  const { namespace, name } = project;
  const workloads = useAsyncRetry(
    () => api.getProjectWorkloads({ namespace, name }),
    [api, namespace, name],
  );
  const [starting, setStarting] = useState(false);
  const [started, setStarted] = useState<AimlWorkloadsStarted>();
  const [startError, setStartError] = useState<Error>();
  const { retry } = workloads;
  const start = useCallback(async () => {
    setStarting(true);
    setStartError(undefined);
    try {
      setStarted(await api.resumeProject({ namespace, name }));
    } catch (e) {
      setStartError(e as Error);
    } finally {
      setStarting(false);
      retry();
    }
  }, [api, namespace, name, retry]);
  return { name, workloads, start, starting, started, startError };
}
