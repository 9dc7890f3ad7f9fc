import {
  LABEL_KUBERNETES_ID,
  LABEL_MANAGED_BY,
  MANAGED_BY_VALUE,
} from '@eks-aiml/plugin-aiml-common';
import { ObjectClient } from '../kubernetes/objectClient';
import { KubeObject } from '../kubernetes/types';
import { APPLY_ALLOWLIST } from '../manifests/applyPolicy';

/** A project's objects in its team's namespaces, and those it only shares an id with. */
export type ProjectObjects = {
  /** Labelled for the project by the golden path: what retiring it deletes. */
  ours: KubeObject[];
  /** Labelled with its id but not made by the golden path: left alone, and said so. */
  others: KubeObject[];
};

/** Whether the golden path made an object: the product's managed-by label. */
export function madeByGoldenPath(obj: KubeObject): boolean {
  return obj.metadata.labels?.[LABEL_MANAGED_BY] === MANAGED_BY_VALUE;
}

/**
 * Finds a project's objects: every kind the golden paths apply
 * ({@link APPLY_ALLOWLIST}) labelled `backstage.io/kubernetes-id=<component>`,
 * in the given namespaces only (the team's managed ones; the caller says
 * which). Kinds the cluster does not serve have none. Read-only.
 */
export async function findProjectObjects(
  client: ObjectClient,
  namespaces: string[],
  component: string,
): Promise<ProjectObjects> {
  const found: KubeObject[] = [];
  for (const namespace of namespaces) {
    for (const [apiVersion, kinds] of Object.entries(APPLY_ALLOWLIST)) {
      for (const kind of kinds) {
        found.push(
          ...(await client.list({
            apiVersion,
            kind,
            namespace,
            labelSelector: `${LABEL_KUBERNETES_ID}=${component}`,
          })),
        );
      }
    }
  }
  return {
    ours: found.filter(madeByGoldenPath),
    others: found.filter(o => !madeByGoldenPath(o)),
  };
}
