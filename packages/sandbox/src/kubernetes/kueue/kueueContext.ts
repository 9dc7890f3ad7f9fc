/**
 * What the Kueue controller works with: the cluster's store, the clock and
 * the kinds it reads, and its writes, which go straight to the store as a
 * controller's would land (a new resourceVersion, `metadata.generation` bumped
 * by spec changes, managedFields under the manager `kueue`), and only when
 * something changed.
 */
import { randomUUID } from 'node:crypto';
import { SandboxClock } from '../../clock';
import { KubeObject } from '../../types';
import { applySchemaDefaults } from '../crds/structuralSchema';
import { officialCrdSchema } from '../crds/officialCrds';
import { recordUpdate } from '../fieldManager';
import { jsonEqual, kubeTime } from '../json';
import { apiVersionOf, ResourceDef, ResourceRegistry } from '../resources';
import { ObjectStore } from '../store';
import { JOB_INTEGRATIONS, JobIntegration } from './jobIntegrations';

/** The field manager of Kueue's writes. */
export const KUEUE_MANAGER = 'kueue';

export class KueueContext {
  readonly now: string;

  constructor(
    readonly store: ObjectStore,
    readonly registry: ResourceRegistry,
    readonly clock: SandboxClock,
  ) {
    this.now = kubeTime(clock.nowMs());
  }

  def(group: string, version: string, plural: string): ResourceDef {
    const def = this.registry.byResource(group, version, plural);
    if (!def) throw new Error(`the sandbox does not serve ${plural}.${group}`);
    return def;
  }

  kueue(plural: string): ResourceDef {
    return this.def('kueue.x-k8s.io', 'v1beta2', plural);
  }

  list(def: ResourceDef, namespace?: string): KubeObject[] {
    return this.store.list(def, namespace);
  }

  /** Every job of a kind Kueue integrates with, with its integration. */
  jobs(): Array<{ integration: JobIntegration; job: KubeObject }> {
    return JOB_INTEGRATIONS.flatMap(integration =>
      this.list(
        this.def(integration.group, integration.version, integration.plural),
      ).map(job => ({ integration, job })),
    );
  }

  private managedFields(
    def: ResourceDef,
    before: KubeObject | undefined,
    after: KubeObject,
  ): unknown {
    return recordUpdate(before, after, {
      manager: KUEUE_MANAGER,
      apiVersion: apiVersionOf(def),
      time: this.now,
    });
  }

  /** Writes an updated object; false (and no write) when nothing changed. */
  update(before: KubeObject, after: KubeObject): boolean {
    const def = this.store.defOf(after);
    const schema = officialCrdSchema(def);
    if (schema) applySchemaDefaults(schema, after);
    if (jsonEqual(before, after)) return false;
    const { metadata: _b, status: _bs, ...beforeSpec } = before;
    const { metadata: _a, status: _as, ...afterSpec } = after;
    if (!jsonEqual(beforeSpec, afterSpec)) {
      after.metadata.generation = Number(before.metadata.generation ?? 1) + 1;
    }
    after.metadata.managedFields = this.managedFields(def, before, after);
    after.metadata.resourceVersion = this.store.nextResourceVersion();
    this.store.write(after);
    return true;
  }

  /** Creates an object (with its CRD's defaults when it has an official one). */
  create(obj: KubeObject): KubeObject {
    const def = this.store.defOf(obj);
    const schema = officialCrdSchema(def);
    if (schema) applySchemaDefaults(schema, obj);
    obj.metadata = {
      ...obj.metadata,
      uid: randomUUID(),
      creationTimestamp: this.now,
      generation: 1,
    };
    obj.metadata.managedFields = this.managedFields(def, undefined, obj);
    obj.metadata.resourceVersion = this.store.nextResourceVersion();
    return this.store.write(obj);
  }

  remove(obj: KubeObject): void {
    this.store.remove(
      this.store.defOf(obj),
      obj.metadata.namespace,
      obj.metadata.name,
    );
  }
}
