import { z } from 'zod';
import { dnsLabel, int32, objectMetadata, stringMap } from './common';

/** A Prometheus duration, as the Prometheus Operator's CRDs pattern it (e.g. `15s`, `1m30s`). */
const duration = z
  .string()
  .regex(
    /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/,
  );

/** A LabelSelector. */
const labelSelector = z
  .object({
    matchLabels: stringMap.optional(),
    matchExpressions: z
      .array(
        z
          .object({
            key: z.string().min(1),
            operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
            values: z.array(z.string()).optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

/** One of `podMetricsEndpoints`: a named or numbered container port, scraped over HTTP. */
const podMetricsEndpoint = z
  .object({
    port: z.string().min(1).optional(),
    portNumber: int32.min(1).max(65535).optional(),
    path: z.string().startsWith('/').optional(),
    scheme: z.enum(['http', 'https', 'HTTP', 'HTTPS']).optional(),
    interval: duration.optional(),
    scrapeTimeout: duration.optional(),
    honorLabels: z.boolean().optional(),
  })
  .strict();

/**
 * The product's schema of a Prometheus Operator PodMonitor
 * (`monitoring.coreos.com/v1`, prometheus-operator v0.93
 * example/prometheus-operator-crd/monitoring.coreos.com_podmonitors.yaml):
 * pods of the object's own namespace, by label, scraped on their ports. No
 * credentials, relabelings or cross-namespace selection.
 */
export const podMonitorSchema = z
  .object({
    apiVersion: z.literal('monitoring.coreos.com/v1'),
    kind: z.literal('PodMonitor'),
    metadata: objectMetadata,
    spec: z
      .object({
        selector: labelSelector,
        podMetricsEndpoints: z.array(podMetricsEndpoint).min(1).optional(),
        namespaceSelector: z
          .object({ matchNames: z.array(dnsLabel).optional() })
          .strict()
          .optional(),
        jobLabel: z.string().optional(),
        podTargetLabels: z.array(z.string()).optional(),
        sampleLimit: z.number().int().min(0).optional(),
      })
      .strict(),
  })
  .strict();
