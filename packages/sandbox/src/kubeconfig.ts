import { stringify } from 'yaml';

/** What a kubeconfig needs of one cluster. */
export interface KubeconfigCluster {
  name: string;
  endpoint: string;
  caPem: string;
  token: string;
}

/** A kubeconfig with one context per cluster (the first is current). */
export function renderKubeconfig(clusters: KubeconfigCluster[]): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: clusters.map(c => ({
      name: c.name,
      cluster: {
        server: c.endpoint,
        'certificate-authority-data': Buffer.from(c.caPem).toString('base64'),
      },
    })),
    users: clusters.map(c => ({
      name: `${c.name}-admin`,
      user: { token: c.token },
    })),
    contexts: clusters.map(c => ({
      name: c.name,
      context: { cluster: c.name, user: `${c.name}-admin` },
    })),
    'current-context': clusters[0]?.name ?? '',
  });
}
