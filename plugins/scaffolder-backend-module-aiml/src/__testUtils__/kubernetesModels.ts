/**
 * Test helper: validates core Kubernetes objects and pod templates with the
 * kubernetes-models packages (the Kubernetes OpenAPI schemas).
 */
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import {
  ConfigMap,
  LimitRange,
  Namespace,
  PodTemplateSpec,
  ResourceQuota,
  Service,
  ServiceAccount,
} from 'kubernetes-models/v1';

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ResourceQuota': ResourceQuota,
  'v1/LimitRange': LimitRange,
  'v1/ServiceAccount': ServiceAccount,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};

/** Whether kubernetes-models has a schema for the kind. */
export function isCoreKind(obj: { apiVersion: string; kind: string }): boolean {
  return !!MODELS[`${obj.apiVersion}/${obj.kind}`];
}

/** Validates a core object against the Kubernetes schemas; throws on failure. */
export function validateCoreObject(obj: {
  apiVersion: string;
  kind: string;
}): void {
  const Model = MODELS[`${obj.apiVersion}/${obj.kind}`];
  if (!Model)
    throw new Error(
      `no kubernetes-models schema for ${obj.apiVersion}/${obj.kind}`,
    );
  new Model(obj).validate();
}

/** Validates a pod template against the Kubernetes PodTemplateSpec schema. */
export function validatePodTemplate(template: unknown): void {
  new PodTemplateSpec(template as any).validate();
}
