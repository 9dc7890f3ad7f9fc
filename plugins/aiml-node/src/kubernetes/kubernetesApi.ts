import {
  ApiType,
  Configuration,
  createConfiguration,
  KubeConfig,
  RequestContext,
  ResponseContext,
  ServerConfiguration,
  wrapHttpLibrary,
} from '@kubernetes/client-node';
import fetch from 'node-fetch';
import { keepAliveAgent } from './keepAliveAgents';

/**
 * Sends Kubernetes API requests like the client's default library, but never
 * follows a redirect: a cluster endpoint that redirects could send the bearer
 * token elsewhere.
 */
const noRedirectHttpLibrary = wrapHttpLibrary({
  async send(request: RequestContext): Promise<ResponseContext> {
    const body = request.getBody();
    // The Kubernetes APIs take JSON (strings); the client never builds form bodies.
    if (body !== undefined && typeof body !== 'string') {
      throw new Error('refused a non-JSON request body to the Kubernetes API');
    }
    const res = await fetch(request.getUrl(), {
      method: request.getHttpMethod().toString(),
      body,
      headers: request.getHeaders(),
      signal: request.getSignal(),
      agent: keepAliveAgent(request.getAgent()),
      redirect: 'manual',
    });
    if (res.status >= 300 && res.status < 400) {
      throw new Error(
        `refused a redirect (${res.status}) from the Kubernetes API at ${
          new URL(request.getUrl()).host
        }`,
      );
    }
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return new ResponseContext(res.status, headers, {
      text: () => res.text(),
      binary: () => res.buffer(),
    });
  },
});

/**
 * Builds a typed Kubernetes API client for the current context of a KubeConfig.
 *
 * @public
 */
export function makeKubernetesApi<T extends ApiType>(
  kubeConfig: KubeConfig,
  ApiClass: new (config: Configuration) => T,
): T {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const config = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kubeConfig },
    httpApi: noRedirectHttpLibrary,
  });
  return new ApiClass(config);
}

/**
 * A KubeConfig for one cluster and a bearer token, with the cluster's CA pinned
 * (never skipTLSVerify).
 *
 * @public
 */
export function bearerKubeConfig(options: {
  clusterName: string;
  server: string;
  caData: string;
  token: string;
  user?: string;
}): KubeConfig {
  const kc = new KubeConfig();
  const user = options.user ?? 'aiml';
  kc.loadFromOptions({
    clusters: [
      {
        name: options.clusterName,
        server: options.server,
        caData: options.caData,
        skipTLSVerify: false,
      },
    ],
    users: [{ name: user, token: options.token }],
    contexts: [
      { name: options.clusterName, cluster: options.clusterName, user },
    ],
    currentContext: options.clusterName,
  });
  return kc;
}
