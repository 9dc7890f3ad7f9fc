import { useCallback } from 'react';
import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { LABEL_KUBERNETES_ID } from '@eks-aiml/plugin-aiml-common';
import { AimlUsagePeriod, aimlApiRef } from '../api';
import { useUsage } from './useUsage';

/** How a project's usage is found, for the empty state. */
function projectEmptyDescription(entity: Entity): string {
  const name = entity.metadata.name;
  const annotated = !!entity.metadata.annotations?.[LABEL_KUBERNETES_ID];
  return `${
    annotated
      ? ''
      : `This component has no ${LABEL_KUBERNETES_ID} annotation: add "${LABEL_KUBERNETES_ID}: ${name}" to its catalog-info.yaml. `
  }Usage counts the pods labelled ${LABEL_KUBERNETES_ID}=${name} in its team's namespaces (the golden-path templates set the label; kube-state-metrics must allow-list it in --metric-labels-allowlist), on clusters with a metrics source (aiml.clusters[].metrics).`;
}

/**
 * The usage of the current Component, for its card and its tab: the usage route's key
 * (catalog namespace and name), the loading state, and the empty state's advice.
 */
export function useProjectUsage() {
  const { entity } = useEntity();
  const api = useApi(aimlApiRef);
  const namespace = entity.metadata.namespace ?? 'default';
  const name = entity.metadata.name;
  const load = useCallback(
    (period: AimlUsagePeriod) =>
      api.getProjectUsage({ namespace, name }, period),
    [api, namespace, name],
  );
  const state = useUsage(`project:${namespace}/${name}`, load);
  return {
    namespace,
    name,
    state,
    emptyDescription: projectEmptyDescription(entity),
  };
}
