import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import {
  AimlWorkloadObject,
  AimlWorkloadPrerequisite,
  WORKLOAD_SERVICE_ACCOUNT_SUFFIX,
} from '@eks-aiml/plugin-aiml-common';
import { describeError, errorFields } from '../access/describeError';

/**
 * Something a held workload still waits for, saying what to do about it.
 *
 * @public
 */
export interface MissingPrerequisite {
  prerequisite: AimlWorkloadPrerequisite;
  message: string;
}

/** An image in a private ECR registry: `<account>.dkr.ecr.<region>.amazonaws.com/<repository>(:tag|@digest)`. */
const ECR_IMAGE =
  /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^:@]+)(?::([\w][\w.-]{0,127})|@(sha256:[a-f0-9]{64}))?$/;

/** An ECR image reference, parsed. */
export interface EcrImageRef {
  image: string;
  registryId: string;
  region: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/** The ECR image a reference names, if it is one (no tag or digest means `latest`, as for docker). */
export function parseEcrImage(image: string): EcrImageRef | undefined {
  const m = ECR_IMAGE.exec(image);
  if (!m) return undefined;
  return {
    image,
    registryId: m[1],
    region: m[2],
    repository: m[3],
    tag: m[5] ? undefined : m[4] ?? 'latest',
    digest: m[5],
  };
}

/** Every container image of an object's pod templates, wherever they are (a walk, as kinds nest them differently). */
export function containerImages(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(containerImages);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) =>
    (key === 'containers' || key === 'initContainers') && Array.isArray(v)
      ? v.flatMap(c =>
          typeof c?.image === 'string' ? [c.image, ...containerImages(c)] : [],
        )
      : containerImages(v),
  );
}

/**
 * Which of the workloads' ECR images (in the cluster's account and region) are
 * not in ECR yet, by DescribeImages with the backend's identity (`ecr:DescribeImages`
 * on the repository). Images elsewhere (public registries) are not the project's
 * CI's to push and are not checked.
 */
export async function missingImages(
  ecr: ECRClient,
  target: { accountId?: string; region: string },
  workloads: AimlWorkloadObject[],
): Promise<MissingPrerequisite[]> {
  const refs = new Map<string, EcrImageRef>();
  for (const image of workloads.flatMap(w => containerImages(w.spec))) {
    const ref = parseEcrImage(image);
    if (
      ref &&
      ref.region === target.region &&
      (!target.accountId || ref.registryId === target.accountId)
    ) {
      refs.set(image, ref);
    }
  }
  const missing: MissingPrerequisite[] = [];
  for (const ref of refs.values()) {
    try {
      await ecr.send(
        new DescribeImagesCommand({
          registryId: ref.registryId,
          repositoryName: ref.repository,
          imageIds: [
            ref.digest ? { imageDigest: ref.digest } : { imageTag: ref.tag },
          ],
        }),
      );
    } catch (error) {
      const { name } = errorFields(error);
      if (name === 'ImageNotFoundException') {
        missing.push({
          prerequisite: 'image',
          message: `image ${ref.image} is not in ECR yet: push to main so the project's CI builds it into ${ref.repository}`,
        });
      } else if (name === 'RepositoryNotFoundException') {
        missing.push({
          prerequisite: 'image',
          message: `ECR repository ${ref.repository} does not exist yet (ACK creates it from the project's Repository object), so image ${ref.image} is not there`,
        });
      } else {
        throw new Error(
          `Could not ask ECR about image ${ref.image}: ${describeError(error)}`,
        );
      }
    }
  }
  return missing;
}

type Condition = { type?: string; status?: string; message?: string };

/**
 * Whether the project's Pod Identity association exists in EKS, by what ACK's
 * EKS controller reports on the PodIdentityAssociation object: the
 * `ACK.ResourceSynced` condition True (the association matches the object), and
 * `ACK.Terminal` explains one that cannot be made
 * (https://aws-controllers-k8s.github.io/community/docs/user-docs/resource-crud).
 * Read with the backend's cluster identity; no AWS call.
 */
export function missingAssociation(
  component: string,
  namespace: string,
  associations: AimlWorkloadObject[],
): MissingPrerequisite[] {
  const serviceAccount = `${component}${WORKLOAD_SERVICE_ACCOUNT_SUFFIX}`;
  const association = associations.find(
    a =>
      (a.spec as { serviceAccount?: unknown })?.serviceAccount ===
      serviceAccount,
  );
  if (!association) {
    return [
      {
        prerequisite: 'pod-identity',
        message: `no PodIdentityAssociation for ServiceAccount ${serviceAccount} in ${namespace}: apply the project's k8s/ (its eks.services.k8s.aws PodIdentityAssociation)`,
      },
    ];
  }
  const conditions =
    ((association as { status?: { conditions?: Condition[] } }).status
      ?.conditions as Condition[] | undefined) ?? [];
  const synced = conditions.find(c => c.type === 'ACK.ResourceSynced');
  if (synced?.status === 'True') return [];
  const terminal = conditions.find(
    c => c.type === 'ACK.Terminal' && c.status === 'True',
  );
  const why = terminal
    ? `ACK cannot create it: ${terminal.message ?? 'ACK.Terminal'}`
    : `ACK has not reported it synced yet (ACK.ResourceSynced ${
        synced?.status ?? 'absent'
      }${synced?.message ? `: ${synced.message}` : ''})`;
  return [
    {
      prerequisite: 'pod-identity',
      message: `Pod Identity association ${namespace}/${association.metadata.name} is not active: ${why}`,
    },
  ];
}
