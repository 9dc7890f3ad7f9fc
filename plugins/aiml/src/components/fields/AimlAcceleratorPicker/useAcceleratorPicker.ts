import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import {
  AcceleratorInstanceType,
  acceleratorUnitsPerInstance,
  findAcceleratorInstanceType,
} from '@eks-aiml/plugin-aiml-common';
import { aimlApiRef, AimlCluster } from '../../../api';
import { formatHourly, unitOf } from '../../../lib/format';
import type {
  AimlAcceleratorPickerOptions,
  AimlAcceleratorSelection,
} from './schema';
import {
  allowedInstanceTypes,
  CAPACITY_KINDS,
  clusterCapacityTypes,
  clusterNameOf,
  podsOf,
  priceOf,
  teamNameOf,
} from './utils';
import { useQueueEstimate } from './useQueueEstimate';
import { acceleratorChoiceProblems, quotaProblem } from './validation';

/**
 * The data of the `AimlAcceleratorPicker` field: the clusters, prices and team quota it
 * loads, the instance types it offers, what is wrong with the choice, and `choose`,
 * which turns a row into a selection that keeps what still fits.
 */
export function useAcceleratorPicker(props: {
  formData?: AimlAcceleratorSelection;
  /** The whole form's data (the field reads the cluster, team and pods from it). */
  form: unknown;
  options: AimlAcceleratorPickerOptions;
  onChange(value: AimlAcceleratorSelection): void;
}) {
  const { formData, form, options, onChange } = props;
  const api = useApi(aimlApiRef);
  const clusters = useAsync(() => api.listClusters(), [api]);
  const pricing = useAsync(() => api.getPricing(), [api]);
  const clusterName = clusterNameOf(form, options);
  const teamName = teamNameOf(form, options);
  const pods = podsOf(form, options);
  const quota = useAsync(
    async () => (teamName ? api.getTeamQuota(teamName) : undefined),
    [api, teamName],
  );
  const cluster: AimlCluster | undefined = clusters.value?.find(
    c => c.name === clusterName,
  );
  const kindsAllowed = useMemo(
    () =>
      CAPACITY_KINDS.filter(
        k =>
          !options.allowedCapacityTypes ||
          options.allowedCapacityTypes.includes(k),
      ),
    [options],
  );
  const rows = useMemo(
    () =>
      allowedInstanceTypes(options).filter(
        t =>
          !cluster ||
          clusterCapacityTypes(cluster, t.instanceType).some(k =>
            kindsAllowed.includes(k),
          ),
      ),
    [options, cluster, kindsAllowed],
  );
  const currency = pricing.value?.currency ?? 'USD';
  const chosen = formData?.instanceType
    ? findAcceleratorInstanceType(formData.instanceType)
    : undefined;

  const choose = (t: AcceleratorInstanceType) => {
    const perInstance = acceleratorUnitsPerInstance(t);
    const offered = cluster
      ? clusterCapacityTypes(cluster, t.instanceType).filter(k =>
          kindsAllowed.includes(k),
        )
      : kindsAllowed;
    const capacityType =
      formData?.capacityType && offered.includes(formData.capacityType)
        ? formData.capacityType
        : offered[offered.length - 1] ?? 'on-demand';
    onChange({
      instanceType: t.instanceType,
      acceleratorType: t.accelerator.type,
      resource: t.accelerator.resource,
      count: Math.min(Math.max(formData?.count ?? perInstance, 1), perInstance),
      capacityType,
    });
  };

  const queued = useQueueEstimate({
    api,
    cluster,
    teamName,
    selection: formData,
    pods,
    quota: quota.value,
  });
  const overQuota =
    teamName && queued.quota
      ? quotaProblem(formData, teamName, pods, queued.quota)
      : undefined;
  const neverAdmitted =
    queued.estimate?.verdict === 'never' ? queued.estimate.message : undefined;
  const problems =
    formData?.instanceType && !clusters.loading
      ? [
          ...acceleratorChoiceProblems(formData, cluster, options),
          ...(overQuota ? [overQuota] : []),
          ...(neverAdmitted && !overQuota ? [neverAdmitted] : []),
        ]
      : [];
  // The price stays in view beside a quota warning: it is what changes with the count.
  const count = formData?.count ?? 0;
  const countFits =
    !!chosen &&
    Number.isInteger(count) &&
    count >= 1 &&
    count <= acceleratorUnitsPerInstance(chosen);
  const hourly =
    chosen && formData?.capacityType
      ? priceOf(pricing.value, chosen.instanceType, formData.capacityType)
      : undefined;
  const perUnit =
    chosen && hourly !== undefined
      ? hourly / acceleratorUnitsPerInstance(chosen)
      : undefined;
  const priceText =
    chosen && formData && perUnit !== undefined
      ? `${formatHourly(perUnit * formData.count, currency)} (${formatHourly(
          perUnit,
          currency,
        )} per ${unitOf(chosen.accelerator.resource)})`
      : 'price unknown';

  return {
    clusters,
    pricing,
    quota,
    /** On a Kueue cluster: how long the choice would wait in the team's queue. */
    queueEstimate:
      queued.estimate?.verdict === 'never' ? undefined : queued.estimate,
    clusterName,
    teamName,
    cluster,
    kindsAllowed,
    rows,
    currency,
    chosen,
    choose,
    problems,
    countFits,
    priceText,
  };
}
