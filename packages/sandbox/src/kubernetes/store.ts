/**
 * The cluster's state: every object (as etcd would hold it), the global
 * resourceVersion counter and the ServiceAccount tokens issued. Serializable so
 * the sandbox can persist a cluster across restarts.
 */
import { randomUUID } from 'node:crypto';
import { SandboxClock } from '../clock';
import { KubeObject } from '../types';
import { jsonClone, kubeTime } from './json';
import {
  apiVersionOf,
  ResourceDef,
  ResourceRegistry,
  resourceRegistry,
} from './resources';

/** A ServiceAccount token the server issued (only its hash is kept). */
export interface IssuedToken {
  /** SHA-256 of the token, hex: the token itself is never stored. */
  sha256: string;
  namespace: string;
  serviceAccountName: string;
  /** The ServiceAccount's uid: a token dies with its ServiceAccount even if one of the same name is recreated. */
  serviceAccountUid: string;
  audiences: string[];
  issuedAtMs: number;
  expiresAtMs: number;
  /**
   * Legacy tokens of `kubernetes.io/service-account-token` Secrets: the Secret
   * (by name and uid) that holds it. Such a token never expires
   * (`expiresAtMs` is `Number.MAX_SAFE_INTEGER`) and dies with its Secret.
   */
  secret?: { name: string; uid: string };
}

/** What `ObjectStore.toJSON()` returns and `ObjectStore.fromJSON()` reads. */
export interface ObjectStoreState {
  version: 1;
  resourceVersion: number;
  objects: KubeObject[];
  tokens: IssuedToken[];
}

/** Options of an ObjectStore. */
export interface ObjectStoreOptions {
  /** The kinds the store accepts; the sandbox's registry by default. */
  registry?: ResourceRegistry;
  /** Stamps creationTimestamp on objects `upsert` creates; the real clock by default. */
  clock?: SandboxClock;
  /** Called after every change (the sandbox persists its state then). */
  onChange?: () => void;
}

/**
 * The objects of one cluster. Reads return copies: callers may change what they
 * get without touching the store.
 */
export class ObjectStore {
  private readonly objects = new Map<string, KubeObject>();
  private readonly tokens = new Map<string, IssuedToken>();
  private resourceVersion = 0;
  private readonly registry: ResourceRegistry;
  private readonly clock: SandboxClock;
  /** Called after every change; the server sets it to the sandbox's `onChange`. */
  onChange?: () => void;

  constructor(options: ObjectStoreOptions = {}) {
    this.registry = options.registry ?? resourceRegistry;
    this.clock = options.clock ?? new SandboxClock();
    this.onChange = options.onChange;
  }

  /** Restores a store from `toJSON()` output. */
  static fromJSON(
    json: unknown,
    options: ObjectStoreOptions = {},
  ): ObjectStore {
    const state = json as Partial<ObjectStoreState> | undefined;
    if (!state || state.version !== 1 || !Array.isArray(state.objects)) {
      throw new Error('not a Kubernetes object store state of version 1');
    }
    const store = new ObjectStore(options);
    for (const obj of state.objects) {
      const def = store.defOf(obj);
      store.objects.set(
        store.key(def, obj.metadata.namespace, obj.metadata.name),
        jsonClone(obj),
      );
    }
    for (const token of state.tokens ?? [])
      store.tokens.set(token.sha256, { ...token });
    store.resourceVersion = Number(state.resourceVersion) || 0;
    return store;
  }

  /** Everything the store holds, as plain JSON. */
  toJSON(): ObjectStoreState {
    return {
      version: 1,
      resourceVersion: this.resourceVersion,
      objects: [...this.objects.values()].map(o => jsonClone(o)),
      tokens: [...this.tokens.values()].map(t => ({ ...t })),
    };
  }

  /** The kind definition of an object; throws for kinds the registry does not serve. */
  defOf(obj: Pick<KubeObject, 'apiVersion' | 'kind'>): ResourceDef {
    const def = this.registry.byKind(obj.apiVersion, obj.kind);
    if (!def || def.virtual) {
      throw new Error(
        `the sandbox does not serve ${obj.apiVersion} ${obj.kind}`,
      );
    }
    return def;
  }

  private key(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
  ): string {
    return JSON.stringify([
      def.group,
      def.plural,
      def.namespaced ? namespace ?? '' : '',
      name,
    ]);
  }

  /** The resourceVersion of the latest change (what lists report). */
  currentResourceVersion(): string {
    return String(this.resourceVersion);
  }

  /** Takes the next resourceVersion: one global counter, as etcd's revision. */
  nextResourceVersion(): string {
    this.resourceVersion += 1;
    return String(this.resourceVersion);
  }

  /** The object of a kind by namespace and name (namespace ignored for cluster-scoped kinds). */
  get(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const obj = this.objects.get(this.key(def, namespace, name));
    return obj && jsonClone(obj);
  }

  /** Finds an object by apiVersion/kind, e.g. `find('v1', 'Pod', 'web-0', 'team-a')`. */
  find(
    apiVersion: string,
    kind: string,
    name: string,
    namespace?: string,
  ): KubeObject | undefined {
    return this.get(this.defOf({ apiVersion, kind }), namespace, name);
  }

  /** Objects of a kind, in one namespace or all, ordered by namespace and name like etcd keys. */
  list(def: ResourceDef, namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const obj of this.objects.values()) {
      if (obj.kind !== def.kind || obj.apiVersion !== apiVersionOf(def))
        continue;
      if (
        namespace !== undefined &&
        def.namespaced &&
        obj.metadata.namespace !== namespace
      ) {
        continue;
      }
      out.push(jsonClone(obj));
    }
    return out.sort((a, b) => {
      const an = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
      const bn = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
      return an < bn ? -1 : Number(an > bn);
    });
  }

  /** Every object, of every kind. */
  all(): KubeObject[] {
    return [...this.objects.values()].map(o => jsonClone(o));
  }

  /**
   * Stores an object exactly as given (the caller has set its server-managed
   * metadata, including a fresh resourceVersion). Used by the API handlers.
   */
  write(obj: KubeObject): KubeObject {
    const def = this.defOf(obj);
    const copy = jsonClone(obj);
    if (!def.namespaced) delete copy.metadata.namespace;
    this.objects.set(
      this.key(def, copy.metadata.namespace, copy.metadata.name),
      copy,
    );
    this.onChange?.();
    return jsonClone(copy);
  }

  /**
   * Creates or replaces an object directly, bypassing the API (for seeding and
   * tests): fills uid, creationTimestamp and generation when absent and always
   * takes a new resourceVersion. Does not validate or check the namespace.
   */
  upsert(obj: KubeObject): KubeObject {
    const def = this.defOf(obj);
    const existing = this.get(def, obj.metadata.namespace, obj.metadata.name);
    const copy = jsonClone(obj);
    copy.metadata.uid ??=
      (existing?.metadata.uid as string | undefined) ?? randomUUID();
    copy.metadata.creationTimestamp ??=
      existing?.metadata.creationTimestamp ?? kubeTime(this.clock.nowMs());
    copy.metadata.generation ??= existing?.metadata.generation ?? 1;
    copy.metadata.resourceVersion = this.nextResourceVersion();
    return this.write(copy);
  }

  /**
   * Removes an object and returns it. Removing a Namespace removes everything in
   * it, as the namespace controller would once its finalizer runs.
   */
  remove(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const key = this.key(def, namespace, name);
    const obj = this.objects.get(key);
    if (!obj) return undefined;
    this.objects.delete(key);
    if (def.group === '' && def.kind === 'Namespace') {
      for (const [k, o] of this.objects) {
        if (o.metadata.namespace === name && this.defOf(o).namespaced) {
          this.objects.delete(k);
        }
      }
      for (const [sha, t] of this.tokens) {
        if (t.namespace === name) this.tokens.delete(sha);
      }
    }
    this.nextResourceVersion();
    this.onChange?.();
    return jsonClone(obj);
  }

  /** Records an issued ServiceAccount token; drops expired ones on the way. */
  addToken(token: IssuedToken, nowMs: number): void {
    for (const [sha, t] of this.tokens) {
      if (t.expiresAtMs <= nowMs) this.tokens.delete(sha);
    }
    this.tokens.set(token.sha256, { ...token });
    this.onChange?.();
  }

  /** The token with this hash, if it was issued (expired or not). */
  token(sha256: string): IssuedToken | undefined {
    const t = this.tokens.get(sha256);
    return t && { ...t };
  }
}
