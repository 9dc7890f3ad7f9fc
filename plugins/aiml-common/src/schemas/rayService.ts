import { z } from 'zod';
import { parse } from 'yaml';
import { int32, objectMetadata } from './common';
import { rayClusterSpec } from './rayCluster';

/** Ray Serve's config (serveConfigV2 is this, as a YAML string). */
const serveConfig = z.looseObject({
  applications: z
    .array(
      z.looseObject({
        name: z.string().min(1),
        import_path: z.string().min(1),
        route_prefix: z.string().optional(),
        args: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .min(1),
});

/** The product's schema of a RayService (`ray.io/v1`), for the fields it renders. */
export const rayServiceSchema = z
  .object({
    apiVersion: z.literal('ray.io/v1'),
    kind: z.literal('RayService'),
    metadata: objectMetadata,
    spec: z
      .object({
        serveConfigV2: z.string().refine(
          text => {
            try {
              return serveConfig.safeParse(parse(text)).success;
            } catch {
              return false;
            }
          },
          {
            message:
              'serveConfigV2 must be a Ray Serve config with applications',
          },
        ),
        serviceUnhealthySecondThreshold: int32.optional(),
        deploymentUnhealthySecondThreshold: int32.optional(),
        upgradeStrategy: z
          .object({
            type: z.enum([
              'NewCluster',
              'None',
              'NewClusterWithIncrementalUpgrade',
            ]),
          })
          .strict()
          .optional(),
        rayClusterConfig: rayClusterSpec,
        // KubeRay 1.7+: no RayCluster while true (ray-operator/apis/ray/v1/rayservice_types.go).
        suspend: z.boolean().optional(),
      })
      .strict(),
  })
  .strict();
