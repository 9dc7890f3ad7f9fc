import {
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import { Sandbox } from '@eks-aiml/sandbox';

/** The label the broker puts on every object of a token grant. */
export const GRANT_LABEL = 'aiml.eks.aws/grant-id';

/** One object a token grant made on a cluster. */
export interface GrantObject {
  grantId: string;
  kind: 'ServiceAccount' | 'RoleBinding';
  namespace: string;
  name: string;
}

/** Every ServiceAccount and RoleBinding carrying a grant label on a sandbox cluster, as its admin sees them. */
export async function grantObjectsOnCluster(
  sandbox: Sandbox,
  cluster: string,
): Promise<GrantObject[]> {
  const kc = new KubeConfig();
  kc.loadFromString(sandbox.kubeconfig());
  kc.setCurrentContext(cluster);
  const selector = { labelSelector: GRANT_LABEL };
  const [sas, rbs] = await Promise.all([
    kc.makeApiClient(CoreV1Api).listServiceAccountForAllNamespaces(selector),
    kc
      .makeApiClient(RbacAuthorizationV1Api)
      .listRoleBindingForAllNamespaces(selector),
  ]);
  const of = (
    kind: GrantObject['kind'],
    items: Array<{
      metadata?: {
        labels?: Record<string, string>;
        namespace?: string;
        name?: string;
      };
    }>,
  ) =>
    items.map(o => ({
      grantId: o.metadata!.labels![GRANT_LABEL],
      kind,
      namespace: o.metadata!.namespace!,
      name: o.metadata!.name!,
    }));
  return [...of('ServiceAccount', sas.items), ...of('RoleBinding', rbs.items)];
}
