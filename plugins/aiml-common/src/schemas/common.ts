/**
 * Building blocks of the product's own schemas of the custom kinds it renders,
 * modelled on the official CRDs (KubeRay v1.7, Kubeflow training operator v1.9):
 * strict for every field the product renders. Pod templates are only checked
 * for shape here: their contents are core Kubernetes, which the API server
 * validates itself (and the renderers' tests with kubernetes-models).
 */
import { z } from 'zod';

const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A DNS-1123 subdomain: most object names. */
export const dnsSubdomain = z.string().max(253).regex(DNS_SUBDOMAIN);

/** A DNS-1123 label: namespace names. */
export const dnsLabel = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);

/** A non-negative int32, as CRDs type replica counts. */
export const int32 = z.number().int().min(0).max(2147483647);

/** String map (labels, annotations, rayStartParams). */
export const stringMap = z.record(z.string(), z.string());

/** Metadata of a rendered object: named and namespaced, labels and annotations only. */
export const objectMetadata = z
  .object({
    name: dnsSubdomain,
    namespace: z.string().min(1).max(63),
    labels: stringMap.optional(),
    annotations: stringMap.optional(),
  })
  .strict();

/** A PodTemplateSpec: labels in metadata, a spec with at least one named container. */
export const podTemplateSpec = z
  .object({
    metadata: z
      .object({
        labels: stringMap.optional(),
        annotations: stringMap.optional(),
      })
      .strict()
      .optional(),
    spec: z.looseObject({
      containers: z
        .array(
          z.looseObject({ name: z.string().min(1), image: z.string().min(1) }),
        )
        .min(1),
    }),
  })
  .strict();

/** ResourceRequirements (requests and limits of quantities). */
export const resourceRequirements = z
  .object({
    requests: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .optional(),
    limits: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  })
  .strict();
