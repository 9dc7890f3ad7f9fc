import { SANDBOX_ACCOUNT_ID } from '../types';
import { EcrError, EcrImage, EcrState } from './ecrState';
import { AwsResponse, awsJsonError, awsJsonInput } from './responses';

/**
 * The subset of Amazon ECR's API a golden path needs, over its awsJson1_1
 * protocol (`POST /`, `X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.<Operation>`,
 * `application/x-amz-json-1.1`): PutImage (what a CI's push ends with),
 * DescribeImages (what the portal asks before starting a workload) and
 * BatchGetImage. Layer uploads are not served.
 */

const TARGET_PREFIX = 'AmazonEC2ContainerRegistry_V20150921.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** The operations served. */
export const ECR_OPERATIONS = ['PutImage', 'DescribeImages', 'BatchGetImage'];

/** The ECR operation an `X-Amz-Target` header names. */
export function ecrOperationOf(target: string | undefined): string | undefined {
  return target?.startsWith(TARGET_PREFIX)
    ? target.slice(TARGET_PREFIX.length)
    : undefined;
}

/** An awsJson1_1 error as ECR sends it. */
export const ecrError = awsJsonError;

function ok(body: unknown): AwsResponse {
  return {
    status: 200,
    headers: { 'content-type': CONTENT_TYPE },
    body: JSON.stringify(body),
  };
}

const epochSeconds = (ms: number) => ms / 1000;

function imageDetail(repositoryName: string, image: EcrImage) {
  return {
    registryId: SANDBOX_ACCOUNT_ID,
    repositoryName,
    imageDigest: image.digest,
    ...(image.tags.size > 0 ? { imageTags: [...image.tags].sort() } : {}),
    imageSizeInBytes: Buffer.byteLength(image.manifest),
    imagePushedAt: epochSeconds(image.pushedAtMs),
    imageManifestMediaType: image.mediaType,
  };
}

/** Answers one authenticated ECR request, for the region of its signature. */
export function handleEcrRequest(
  request: { target?: string; body: Buffer },
  context: { ecr: EcrState; region: string },
): AwsResponse {
  const operation = ecrOperationOf(request.target);
  if (!operation || !ECR_OPERATIONS.includes(operation)) {
    return ecrError(
      400,
      'UnknownOperationException',
      `The sandbox's ECR serves ${ECR_OPERATIONS.join(', ')}; not ${
        operation ?? request.target ?? 'a request without X-Amz-Target'
      }`,
    );
  }
  const parsed = awsJsonInput(request.body);
  if ('error' in parsed) return parsed.error;
  const { input } = parsed;
  const { ecr, region } = context;
  try {
    switch (operation) {
      case 'PutImage': {
        const { repository, image, tag } = ecr.putImage(region, input);
        return ok({
          image: {
            registryId: SANDBOX_ACCOUNT_ID,
            repositoryName: repository.name,
            imageId: {
              imageDigest: image.digest,
              ...(tag ? { imageTag: tag } : {}),
            },
            imageManifest: image.manifest,
            imageManifestMediaType: image.mediaType,
          },
        });
      }
      case 'DescribeImages': {
        const { repository, found, missing } = ecr.findImages(region, input);
        if (missing.length > 0) {
          const id = missing[0];
          throw new EcrError(
            400,
            'ImageNotFoundException',
            `The image with imageId {imageDigest:'${
              id.imageDigest ?? 'null'
            }', imageTag:'${
              id.imageTag ?? 'null'
            }'} does not exist within the repository with name '${
              repository.name
            }' in the registry with id '${SANDBOX_ACCOUNT_ID}'`,
          );
        }
        return ok({
          imageDetails: found.map(f => imageDetail(repository.name, f.image)),
        });
      }
      case 'BatchGetImage':
      default: {
        const { repository, found, missing } = ecr.findImages(region, input);
        return ok({
          images: found.map(({ image, tag }) => ({
            registryId: SANDBOX_ACCOUNT_ID,
            repositoryName: repository.name,
            imageId: {
              imageDigest: image.digest,
              ...(tag ? { imageTag: tag } : {}),
            },
            imageManifest: image.manifest,
            imageManifestMediaType: image.mediaType,
          })),
          failures: missing.map(imageId => ({
            imageId,
            failureCode: 'ImageNotFound',
            failureReason: 'Requested image not found',
          })),
        });
      }
    }
  } catch (e) {
    if (e instanceof EcrError) return ecrError(e.status, e.type, e.message);
    throw e;
  }
}
