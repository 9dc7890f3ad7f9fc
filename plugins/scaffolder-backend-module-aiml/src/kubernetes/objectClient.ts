import {
  ApiException,
  HttpMethod,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  RequestContext,
} from '@kubernetes/client-node';
import { makeKubernetesApi } from '@eks-aiml/plugin-aiml-node';
import { kubernetesError } from './errors';
import { describeObject, FIELD_MANAGER, KubeObject } from './types';

/**
 * KubernetesObjectApi with raw JSON bodies: its own read and patch serialize
 * through the client's model classes, which silently drop fields they do not
 * know (custom kinds, newer fields). Discovery, paths, authentication and the
 * no-redirect HTTP library are the parent's.
 */
class RawObjectApi extends KubernetesObjectApi {
  async servedKind(apiVersion: string, kind: string) {
    return this.resource(apiVersion, kind);
  }

  async objectPath(obj: KubeObject): Promise<string> {
    // specUriPath mutates its argument (defaults a namespace): give it a copy.
    return this.specUriPath(
      {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        metadata: {
          name: obj.metadata.name,
          namespace: obj.metadata.namespace,
        },
      },
      'patch',
    );
  }

  async send(
    method: HttpMethod,
    path: string,
    query: Record<string, string> = {},
    body?: { contentType: string; text: string },
  ): Promise<{ status: number; json: unknown }> {
    const request: RequestContext =
      this.configuration.baseServer.makeRequestContext(path, method);
    request.setHeaderParam('Accept', 'application/json');
    for (const [key, value] of Object.entries(query)) {
      request.setQueryParam(key, value);
    }
    if (body) {
      request.setHeaderParam('Content-Type', body.contentType);
      request.setBody(body.text);
    }
    const { authMethods } = this.configuration;
    await authMethods.BearerToken?.applySecurityAuthentication(request);
    await authMethods.default?.applySecurityAuthentication(request);
    const response = await this.configuration.httpApi.send(request).toPromise();
    const text = await response.body.text();
    let json: unknown = text;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: keep the text for the error message.
    }
    if (response.httpStatusCode < 200 || response.httpStatusCode > 299) {
      throw new ApiException(
        response.httpStatusCode,
        'Unsuccessful HTTP Request',
        json,
        response.headers,
      );
    }
    return { status: response.httpStatusCode, json };
  }
}

/** What discovery tells of a kind the cluster serves. */
export type ServedKind = { plural: string; namespaced: boolean };

/**
 * Reads, lists, server-side applies and deletes any kind the cluster serves, as
 * the backend's own identity on one configured cluster. Every failure is a
 * typed error.
 */
export class ObjectClient {
  private constructor(
    private readonly api: RawObjectApi,
    readonly cluster: string,
  ) {}

  /** A client for a KubeConfig from the cluster registry (CA pinned, no redirects). */
  static forCluster(cluster: string, kubeConfig: KubeConfig): ObjectClient {
    return new ObjectClient(
      makeKubernetesApi(kubeConfig, RawObjectApi),
      cluster,
    );
  }

  /** Whether and how the cluster serves a kind; undefined when it does not (CRD missing). */
  async servedKind(
    apiVersion: string,
    kind: string,
  ): Promise<ServedKind | undefined> {
    try {
      const resource = await this.api.servedKind(apiVersion, kind);
      return resource
        ? { plural: resource.name, namespaced: resource.namespaced }
        : undefined;
    } catch (error) {
      if ((error as { code?: unknown })?.code === 404) return undefined;
      throw kubernetesError(error, {
        cluster: this.cluster,
        doing: `discovering ${apiVersion}`,
      });
    }
  }

  /** The live object, or undefined when it does not exist. */
  async get(obj: KubeObject): Promise<KubeObject | undefined> {
    await this.requireServed(obj);
    try {
      const { json } = await this.api.send(
        HttpMethod.GET,
        await this.api.objectPath(obj),
      );
      return json as KubeObject;
    } catch (error) {
      if ((error as { code?: unknown })?.code === 404) return undefined;
      throw kubernetesError(error, {
        cluster: this.cluster,
        doing: `reading ${describeObject(obj)}`,
      });
    }
  }

  /**
   * Server-side apply with the product's field manager. `force` takes over
   * fields another manager owns (provisioning does: the entitlement is the truth).
   */
  async apply(
    obj: KubeObject,
    options: { force: boolean },
  ): Promise<{ object: KubeObject; created: boolean }> {
    await this.requireServed(obj);
    try {
      const { status, json } = await this.api.send(
        HttpMethod.PATCH,
        await this.api.objectPath(obj),
        {
          fieldManager: FIELD_MANAGER,
          fieldValidation: 'Strict',
          ...(options.force ? { force: 'true' } : {}),
        },
        {
          contentType: PatchStrategy.ServerSideApply,
          text: JSON.stringify(obj),
        },
      );
      return { object: json as KubeObject, created: status === 201 };
    } catch (error) {
      throw kubernetesError(error, {
        cluster: this.cluster,
        doing: `applying ${describeObject(obj)}`,
      });
    }
  }

  /**
   * A JSON merge patch (RFC 7386) of the live object, for changes of one or two
   * fields a server-side apply would take over from their manager (a
   * suspension, an annotation). The object as patched, or undefined when it is
   * gone.
   */
  async mergePatch(
    obj: KubeObject,
    patch: Record<string, unknown>,
  ): Promise<KubeObject | undefined> {
    await this.requireServed(obj);
    try {
      const { json } = await this.api.send(
        HttpMethod.PATCH,
        await this.api.objectPath(obj),
        { fieldManager: FIELD_MANAGER },
        {
          contentType: PatchStrategy.MergePatch,
          text: JSON.stringify(patch),
        },
      );
      return json as KubeObject;
    } catch (error) {
      if ((error as { code?: unknown })?.code === 404) return undefined;
      throw kubernetesError(error, {
        cluster: this.cluster,
        doing: `patching ${describeObject(obj)}`,
      });
    }
  }

  /** The objects of one kind in a namespace that match a label selector. */
  async list(options: {
    apiVersion: string;
    kind: string;
    namespace: string;
    labelSelector: string;
  }): Promise<KubeObject[]> {
    const { apiVersion, kind, namespace, labelSelector } = options;
    const served = await this.servedKind(apiVersion, kind);
    if (!served) return [];
    const base = apiVersion.includes('/')
      ? `/apis/${apiVersion}`
      : `/api/${apiVersion}`;
    const path = `${base}/namespaces/${encodeURIComponent(namespace)}/${
      served.plural
    }`;
    try {
      const { json } = await this.api.send(HttpMethod.GET, path, {
        labelSelector,
      });
      const items = ((json as { items?: KubeObject[] })?.items ?? []).map(
        item => ({ ...item, apiVersion, kind }),
      );
      return items;
    } catch (error) {
      throw kubernetesError(error, {
        cluster: this.cluster,
        doing: `listing ${kind} in ${namespace}`,
      });
    }
  }

  /**
   * Deletes an object, on the condition that it is still the one that was
   * read (its uid): a same-named object made since is left alone. Gone already
   * is done.
   */
  async delete(obj: KubeObject): Promise<void> {
    await this.requireServed(obj);
    const uid = obj.metadata.uid;
    try {
      await this.api.send(
        HttpMethod.DELETE,
        await this.api.objectPath(obj),
        {},
        {
          contentType: 'application/json',
          text: JSON.stringify({
            apiVersion: 'v1',
            kind: 'DeleteOptions',
            ...(typeof uid === 'string' ? { preconditions: { uid } } : {}),
          }),
        },
      );
    } catch (error) {
      if ((error as { code?: unknown })?.code === 404) return;
      throw kubernetesError(error, {
        cluster: this.cluster,
        doing: `deleting ${describeObject(obj)}`,
      });
    }
  }

  private async requireServed(obj: KubeObject): Promise<void> {
    if (!(await this.servedKind(obj.apiVersion, obj.kind))) {
      throw kubernetesError(
        {
          code: 404,
          message: `the cluster does not serve ${obj.kind} in ${obj.apiVersion}: install its CRD (KubeRay, the Kubeflow training operator or LeaderWorkerSet) first`,
        },
        { cluster: this.cluster, doing: `looking up ${obj.kind}` },
      );
    }
  }
}
