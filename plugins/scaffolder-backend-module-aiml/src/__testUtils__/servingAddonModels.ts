/**
 * Test helper: validates the serving add-ons' custom objects against their
 * upstream CRD schemas, as packaged by kubernetes-models (the Prometheus
 * Operator's PodMonitor, KEDA's ScaledObject): the same check the core kinds get
 * from kubernetes-models, beside the product's own schemas.
 */
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'monitoring.coreos.com/v1/PodMonitor': PodMonitor,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
};

/** Whether the object is a serving add-on's kind with an upstream schema here. */
export function isServingAddonKind(obj: {
  apiVersion: string;
  kind: string;
}): boolean {
  return !!MODELS[`${obj.apiVersion}/${obj.kind}`];
}

/** Validates a PodMonitor or ScaledObject against its upstream CRD schema; throws on failure. */
export function validateServingAddon(obj: {
  apiVersion: string;
  kind: string;
}): void {
  const Model = MODELS[`${obj.apiVersion}/${obj.kind}`];
  if (!Model) {
    throw new Error(`no upstream schema for ${obj.apiVersion}/${obj.kind}`);
  }
  new Model(obj).validate();
}
