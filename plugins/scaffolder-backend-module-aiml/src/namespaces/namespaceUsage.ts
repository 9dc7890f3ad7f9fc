import {
  LABEL_KUBERNETES_ID,
  parseQuantity,
  podResourceAmounts,
} from '@eks-aiml/plugin-aiml-common';
import { ObjectClient } from '../kubernetes/objectClient';
import { ACCELERATOR_RESOURCES } from '../manifests/quotaDemand';
import { QUOTA_NAME } from './namespaceObjects';
import { NamespaceUsage } from './quotaGrowth';

/** Pods that ended hold nothing against a quota. */
const FINISHED = new Set(['Succeeded', 'Failed']);

/**
 * Reads what a team namespace uses: the `status.used` of its ResourceQuota
 * (kept by the cluster's quota controller), and what the project's own pods
 * request now: those with the golden path's labels
 * (`app.kubernetes.io/name` and `backstage.io/kubernetes-id` = the component),
 * which a re-render replaces. Read-only; a namespace not made yet has neither.
 */
export async function readNamespaceUsage(
  client: ObjectClient,
  namespace: string,
  component: string,
): Promise<NamespaceUsage> {
  const quotaRef = `${namespace}/${QUOTA_NAME}`;
  const quota = await client.get({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: QUOTA_NAME, namespace },
  });
  const pods = await client.list({
    apiVersion: 'v1',
    kind: 'Pod',
    namespace,
    labelSelector: `app.kubernetes.io/name=${component},${LABEL_KUBERNETES_ID}=${component}`,
  });
  const own: Record<string, number> = {};
  for (const pod of pods) {
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (phase && FINISHED.has(phase)) continue;
    const requests = podResourceAmounts(pod);
    for (const r of ACCELERATOR_RESOURCES) {
      if (requests[r]) own[r] = (own[r] ?? 0) + requests[r];
    }
  }
  const status = (quota?.status ?? {}) as { used?: Record<string, string> };
  if (!quota || !status.used) {
    return {
      quota: quotaRef,
      own,
      unknownBecause: quota
        ? `ResourceQuota ${quotaRef} has no status.used: the cluster's quota controller has not counted it`
        : `${namespace} has no ResourceQuota ${QUOTA_NAME} yet: aiml:namespace:provision makes it`,
    };
  }
  const used: Record<string, number> = {};
  for (const [key, value] of Object.entries(status.used)) {
    const n = parseQuantity(value);
    if (n !== undefined) used[key] = n;
  }
  return { quota: quotaRef, used, own };
}
