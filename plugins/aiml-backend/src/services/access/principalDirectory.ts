import { AuthService } from '@backstage/backend-plugin-api';
import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_IAM_ROLE_ARN } from '@eks-aiml/plugin-aiml-common';
import { AimlClusterConfig } from '@eks-aiml/plugin-aiml-node';
import { errorFields } from './describeError';
import { validatePrincipalArn } from './principalArn';

/**
 * The accounts a cluster accepts principals from: `access.principalAccounts`,
 * or else the cluster's own account.
 *
 * @public
 */
export function principalAccountsOf(cluster: AimlClusterConfig): string[] {
  if (cluster.access.principalAccounts.length > 0)
    return cluster.access.principalAccounts;
  return cluster.accountId ? [cluster.accountId] : [];
}

/**
 * Who a person is to EKS: the IAM role named by their User entity's
 * `aiml.eks.aws/iam-role-arn` annotation, validated for the cluster. Only the
 * catalog says which role is whose; a request never does.
 *
 * @public
 */
export class PrincipalDirectory {
  constructor(
    private readonly deps: { catalog: CatalogService; auth: AuthService },
  ) {}

  /** The annotation's raw value, or undefined when the User has none. */
  async roleAnnotationOf(userRef: string): Promise<string | undefined> {
    let user;
    try {
      user = await this.deps.catalog.getEntityByRef(userRef, {
        credentials: await this.deps.auth.getOwnServiceCredentials(),
      });
    } catch (error) {
      throw new ServiceUnavailableError(
        `The catalog did not answer while reading ${userRef}: ${
          errorFields(error).message ?? error
        }`,
      );
    }
    return user?.metadata.annotations?.[ANNOTATION_IAM_ROLE_ARN];
  }

  /**
   * The validated role ARN of a user for an access-entry cluster. NotAllowedError
   * when the User has no role; InputError or NotAllowedError (see
   * validatePrincipalArn) when the annotation is not an acceptable role ARN.
   */
  async principalFor(
    userRef: string,
    cluster: AimlClusterConfig,
  ): Promise<string> {
    const value = await this.roleAnnotationOf(userRef);
    if (value === undefined) {
      throw new NotAllowedError(
        `Cluster ${cluster.name} gives each person access through their own IAM role, and ${userRef} has none: ask your platform team to set the annotation ${ANNOTATION_IAM_ROLE_ARN} on your User entity to your role's ARN (arn:aws:iam::<account>:role/<name>)`,
      );
    }
    return validatePrincipalArn(value, {
      allowedAccounts: principalAccountsOf(cluster),
      cluster: cluster.name,
      source: `The annotation ${ANNOTATION_IAM_ROLE_ARN} of ${userRef}`,
    }).arn;
  }
}
