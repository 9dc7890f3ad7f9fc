import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import {
  AIML_RESUMABLE_KINDS,
  AimlWorkloadObject,
  LABEL_KUBERNETES_ID,
  waitingFor,
} from '@eks-aiml/plugin-aiml-common';
import { makeKubernetesApi } from '@eks-aiml/plugin-aiml-node';

/** A project's objects in one of its team's namespaces, as the cluster has them. */
export interface ProjectObjects {
  namespace: string;
  /** Objects the golden paths applied held (they carry what they wait for), in start order. */
  workloads: AimlWorkloadObject[];
  /** The project's ACK PodIdentityAssociation objects. */
  associations: AimlWorkloadObject[];
}

/** ACK's EKS kind that gives the project's ServiceAccount the team's role. */
const POD_IDENTITY = {
  group: 'eks.services.k8s.aws',
  version: 'v1alpha1',
  kind: 'PodIdentityAssociation',
  plural: 'podidentityassociations',
};

/** 404: the cluster does not serve the kind (its operator is not installed). */
function notServed(error: unknown): boolean {
  return (error as { code?: unknown })?.code === 404;
}

/**
 * Reads a project's held workloads and its Pod Identity associations in a
 * namespace, by the `backstage.io/kubernetes-id` label the golden paths put on
 * every object, with the backend's own cluster identity. A kind the cluster does
 * not serve has no objects.
 */
export async function readProjectObjects(
  kubeConfig: KubeConfig,
  namespace: string,
  kubernetesId: string,
): Promise<ProjectObjects> {
  const custom = makeKubernetesApi(kubeConfig, CustomObjectsApi);
  const labelSelector = `${LABEL_KUBERNETES_ID}=${kubernetesId}`;
  const list = async ({
    group,
    version,
    kind,
    plural,
  }: typeof POD_IDENTITY): Promise<AimlWorkloadObject[]> => {
    try {
      const answer = (await custom.listNamespacedCustomObject({
        group,
        version,
        plural,
        namespace,
        labelSelector,
      })) as { items?: AimlWorkloadObject[] };
      // List items may leave out apiVersion and kind; the list names them.
      return (answer.items ?? []).map(item => ({
        ...item,
        apiVersion: `${group}/${version}`,
        kind,
      }));
    } catch (error) {
      if (notServed(error)) return [];
      throw error;
    }
  };
  const workloads = (await Promise.all(AIML_RESUMABLE_KINDS.map(list))).flat();
  return {
    namespace,
    workloads: workloads.filter(w => waitingFor(w).length > 0),
    associations: await list(POD_IDENTITY),
  };
}
