import { stringify } from 'yaml';

/** A kubeconfig for one grant: the cluster (CA pinned), a bearer token, the team's first namespace. */
export function renderGrantKubeconfig(options: {
  cluster: string;
  endpoint: string;
  caData: string;
  token: string;
  namespace: string;
  grantId: string;
}): string {
  const user = `aiml-grant-${options.grantId}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: options.cluster,
        cluster: {
          server: options.endpoint,
          'certificate-authority-data': options.caData,
        },
      },
    ],
    users: [{ name: user, user: { token: options.token } }],
    contexts: [
      {
        name: options.cluster,
        context: {
          cluster: options.cluster,
          user,
          namespace: options.namespace,
        },
      },
    ],
    'current-context': options.cluster,
  });
}
