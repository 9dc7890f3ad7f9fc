import { createHash } from 'node:crypto';
import { SandboxClock } from '../clock';
import { SANDBOX_ACCOUNT_ID } from '../types';

/** An ECR repository an ACK Repository object asks for. */
export interface AckRepositoryClaim {
  name: string;
  region: string;
  deletionPolicy: 'delete' | 'retain';
}

/** An image of a repository: one manifest, the tags pointing at it. */
export interface EcrImage {
  digest: string;
  manifest: string;
  mediaType: string;
  tags: Set<string>;
  pushedAtMs: number;
}

interface Repository {
  name: string;
  region: string;
  createdMs: number;
  /** Whether ACK made it (and may delete it) or it was retained. */
  fromAck: boolean;
  /** By digest. */
  images: Map<string, EcrImage>;
}

/** An ECR error, as the JSON protocol reports it (`__type` and message). */
export class EcrError extends Error {
  constructor(readonly status: number, readonly type: string, message: string) {
    super(message);
  }
}

const REPOSITORY_NAME =
  /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

/** What a Docker or OCI manifest says it is; ECR reads `mediaType` from the manifest when the request names none. */
function mediaTypeOf(manifest: string, declared?: string): string {
  if (declared) return declared;
  try {
    const parsed = JSON.parse(manifest) as { mediaType?: unknown };
    if (typeof parsed.mediaType === 'string') return parsed.mediaType;
  } catch {
    // Checked by the caller.
  }
  return 'application/vnd.docker.distribution.manifest.v2+json';
}

/**
 * The sandbox account's private ECR registries, one per region: repositories
 * from ACK Repository objects ({@link EcrState.sync}) and the images pushed to
 * them (PutImage). Layers are not stored: an image is its manifest, whose digest
 * is its SHA-256, as in ECR. In memory only.
 */
export class EcrState {
  private readonly repositories = new Map<string, Repository>();

  constructor(
    private readonly options: {
      clock: SandboxClock;
      ackRepositories?: () => AckRepositoryClaim[];
    },
  ) {}

  /** The registry's host of a region: `<account>.dkr.ecr.<region>.amazonaws.com`. */
  static registryHost(region: string): string {
    return `${SANDBOX_ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com`;
  }

  private key(region: string, name: string): string {
    return `${region}/${name}`;
  }

  /**
   * What ACK's ECR controller does with the Repository objects: creates the
   * repositories they name; one whose object went away is deleted with its
   * images unless its deletion policy is `retain`.
   */
  sync(): void {
    const claims = this.options.ackRepositories?.() ?? [];
    const claimed = new Set<string>();
    for (const claim of claims) {
      if (!REPOSITORY_NAME.test(claim.name)) continue;
      const key = this.key(claim.region, claim.name);
      claimed.add(key);
      if (!this.repositories.has(key)) {
        this.repositories.set(key, {
          name: claim.name,
          region: claim.region,
          createdMs: this.options.clock.nowMs(),
          fromAck: claim.deletionPolicy === 'delete',
          images: new Map(),
        });
      }
    }
    for (const [key, repository] of this.repositories) {
      if (!claimed.has(key) && repository.fromAck) {
        this.repositories.delete(key);
      }
    }
  }

  /** Whether a repository exists in a region (after syncing with ACK's objects). */
  hasRepository(region: string, name: string): boolean {
    this.sync();
    return this.repositories.has(this.key(region, name));
  }

  private repository(
    region: string,
    name: unknown,
    registryId: unknown,
  ): Repository {
    if (typeof name !== 'string' || !name) {
      throw new EcrError(
        400,
        'InvalidParameterException',
        "1 validation error detected: Value null at 'repositoryName' failed to satisfy constraint: Member must not be null",
      );
    }
    const registry =
      typeof registryId === 'string' ? registryId : SANDBOX_ACCOUNT_ID;
    this.sync();
    const repository = this.repositories.get(this.key(region, name));
    if (!repository || registry !== SANDBOX_ACCOUNT_ID) {
      throw new EcrError(
        400,
        'RepositoryNotFoundException',
        `The repository with name '${name}' does not exist in the registry with id '${registry}'`,
      );
    }
    return repository;
  }

  /** PutImage: stores a manifest, moving the tag to it. */
  putImage(
    region: string,
    input: {
      repositoryName?: unknown;
      registryId?: unknown;
      imageManifest?: unknown;
      imageManifestMediaType?: unknown;
      imageTag?: unknown;
      imageDigest?: unknown;
    },
  ): { repository: Repository; image: EcrImage; tag?: string } {
    const repository = this.repository(
      region,
      input.repositoryName,
      input.registryId,
    );
    const manifest = input.imageManifest;
    if (typeof manifest !== 'string' || !manifest) {
      throw new EcrError(
        400,
        'InvalidParameterException',
        "1 validation error detected: Value null at 'imageManifest' failed to satisfy constraint: Member must not be null",
      );
    }
    try {
      JSON.parse(manifest);
    } catch {
      throw new EcrError(
        400,
        'InvalidParameterException',
        "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'",
      );
    }
    const digest = `sha256:${createHash('sha256')
      .update(manifest)
      .digest('hex')}`;
    if (typeof input.imageDigest === 'string' && input.imageDigest !== digest) {
      throw new EcrError(
        400,
        'ImageDigestDoesNotMatchException',
        `Invalid parameter at 'imageDigest' failed to satisfy constraint: 'The specified image digest ${input.imageDigest} does not match the digest of the manifest ${digest}'`,
      );
    }
    const tag = typeof input.imageTag === 'string' ? input.imageTag : undefined;
    if (tag !== undefined && !TAG.test(tag)) {
      throw new EcrError(
        400,
        'InvalidParameterException',
        `Invalid parameter at 'imageTag' failed to satisfy constraint: '${tag}' is not a valid tag`,
      );
    }
    const existing = repository.images.get(digest);
    if (existing && (tag === undefined || existing.tags.has(tag))) {
      throw new EcrError(
        400,
        'ImageAlreadyExistsException',
        `Image with digest '${digest}'${
          tag ? ` and tag '${tag}'` : ''
        } already exists in the repository with name '${
          repository.name
        }' in registry with id '${SANDBOX_ACCOUNT_ID}'`,
      );
    }
    // A mutable repository: the tag moves to the new manifest.
    if (tag) {
      for (const image of repository.images.values()) image.tags.delete(tag);
    }
    const image: EcrImage = existing ?? {
      digest,
      manifest,
      mediaType: mediaTypeOf(
        manifest,
        typeof input.imageManifestMediaType === 'string'
          ? input.imageManifestMediaType
          : undefined,
      ),
      tags: new Set(),
      pushedAtMs: this.options.clock.nowMs(),
    };
    if (tag) image.tags.add(tag);
    repository.images.set(digest, image);
    return { repository, image, tag };
  }

  /** The images of a repository matching image ids (all when none are given), and the ids not found. */
  findImages(
    region: string,
    input: {
      repositoryName?: unknown;
      registryId?: unknown;
      imageIds?: unknown;
    },
  ): {
    repository: Repository;
    found: Array<{ image: EcrImage; tag?: string }>;
    missing: Array<{ imageTag?: string; imageDigest?: string }>;
  } {
    const repository = this.repository(
      region,
      input.repositoryName,
      input.registryId,
    );
    const ids = Array.isArray(input.imageIds)
      ? (input.imageIds as Array<{ imageTag?: string; imageDigest?: string }>)
      : undefined;
    if (!ids) {
      return {
        repository,
        found: [...repository.images.values()].map(image => ({ image })),
        missing: [],
      };
    }
    const found: Array<{ image: EcrImage; tag?: string }> = [];
    const missing: Array<{ imageTag?: string; imageDigest?: string }> = [];
    for (const id of ids) {
      const image = [...repository.images.values()].find(
        i =>
          (id.imageDigest === undefined || i.digest === id.imageDigest) &&
          (id.imageTag === undefined || i.tags.has(id.imageTag)),
      );
      if (image && (id.imageDigest || id.imageTag)) {
        found.push({ image, tag: id.imageTag });
      } else {
        missing.push(id);
      }
    }
    return { repository, found, missing };
  }
}
